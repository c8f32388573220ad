package io.starling.runtime.cli;

import io.starling.runtime.driver.DriverRegistry;
import io.starling.runtime.profile.InvalidProfileException;
import io.starling.runtime.profile.Profile;
import io.starling.runtime.profile.ProfileLoader;
import io.starling.runtime.profile.ProfileProblem;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code starling profile ...}: work with device profiles. Added to the top-level command as an
 * instance, {@code addSubcommand(new ProfileCommand(registry))}, so it checks against the node's
 * drivers.
 */
@Command(
    name = "profile",
    description = "Work with device profiles (docs/PROFILE.md).",
    mixinStandardHelpOptions = true,
    subcommands = {ProfileCommand.Check.class})
public final class ProfileCommand {

  /** Exit code for a profile that is invalid or cannot be read (usage or invalid input). */
  public static final int EXIT_INVALID = 2;

  private final DriverRegistry registry;

  /** Checks profiles against the drivers found by {@link java.util.ServiceLoader}. */
  public ProfileCommand() {
    this(DriverRegistry.fromServiceLoader(ProfileCommand.class.getClassLoader()));
  }

  /** Checks profiles against these drivers. */
  public ProfileCommand(DriverRegistry registry) {
    this.registry = Objects.requireNonNull(registry, "registry");
  }

  DriverRegistry registry() {
    return registry;
  }

  /**
   * {@code starling profile check FILE}: exit 0 with one summary line on stdout, or exit 2 with
   * every problem as {@code FILE:LINE:COL: message} on stderr.
   */
  @Command(
      name = "check",
      description = "Validate a profile against the schema and the installed drivers.",
      mixinStandardHelpOptions = true)
  static final class Check implements Callable<Integer> {

    @ParentCommand private ProfileCommand parent;

    @Spec private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "The profile (YAML).")
    private Path file;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      // check writes nothing, so the state root only shapes defaults no one sees
      ProfileLoader loader = new ProfileLoader(parent.registry(), dummyStateRoot());
      try {
        Profile profile = loader.load(file);
        out.println(file + ": ok (" + summary(profile) + ")");
        out.flush();
        return 0;
      } catch (InvalidProfileException e) {
        List<ProfileProblem> problems = e.problems();
        problems.forEach(err::println);
        err.println(count(problems.size(), "problem"));
        err.flush();
        return EXIT_INVALID;
      } catch (IOException e) {
        err.println(file + ": cannot read: " + reason(e));
        err.flush();
        return EXIT_INVALID;
      }
    }

    private static Path dummyStateRoot() {
      return Path.of(System.getProperty("user.home", "."), ".local", "state", "starling");
    }

    private static String summary(Profile p) {
      return "node "
          + p.node().name()
          + ", mesh "
          + p.node().mesh()
          + ", "
          + count(p.sensors().size(), "sensor")
          + ", "
          + count(p.actuators().size(), "actuator")
          + ", "
          + count(p.subscriptions().size(), "subscription");
    }

    private static String count(int n, String noun) {
      return n + " " + noun + (n == 1 ? "" : "s");
    }

    private static String reason(IOException e) {
      if (e instanceof NoSuchFileException) {
        return "no such file";
      } else if (e instanceof AccessDeniedException) {
        return "permission denied";
      }
      return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
  }
}
