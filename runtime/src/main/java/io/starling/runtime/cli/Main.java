package io.starling.runtime.cli;

import io.starling.runtime.node.StarlingVersion;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code starling} command. Exit codes: 0 ok, 1 runtime failure, 2 usage or invalid input. */
@Command(
    name = "starling",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Starling: a self-healing, signed CoAP mesh for sensors and actuators.",
    subcommands = {
      RunCommand.class,
      ProfileCommand.class,
      CaCommand.class,
      EnrollCommand.class,
      KeygenCommand.class,
      CmdCommand.class,
      PeersCommand.class,
      RoutesCommand.class,
      TopologyCommand.class,
      PingCommand.class,
      SubCommand.class,
      PubCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Main implements Runnable {

  /** A runtime failure. */
  public static final int EXIT_FAILURE = 1;

  /** Bad usage or invalid input. */
  public static final int EXIT_USAGE = 2;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** Runs the CLI and exits with its code. */
  public static void main(String[] args) {
    System.exit(
        execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /** Runs the CLI with the given streams and returns the exit code. */
  public static int execute(String[] args, PrintWriter out, PrintWriter err) {
    return execute(args, out, err, CommandLine.defaultFactory());
  }

  /** Runs the CLI with commands made by {@code factory} (tests swap in fakes). */
  static int execute(
      String[] args, PrintWriter out, PrintWriter err, CommandLine.IFactory factory) {
    CommandLine cli = new CommandLine(new Main(), factory);
    cli.setOut(out);
    cli.setErr(err);
    cli.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          commandLine.getErr().println("starling: error: " + describe(e));
          return EXIT_FAILURE;
        });
    return cli.execute(args);
  }

  private static String describe(Throwable e) {
    String m = e.getMessage();
    return m == null ? e.getClass().getSimpleName() : m;
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** The version for {@code --version}. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {
        "starling " + StarlingVersion.get(),
        "java " + Runtime.version() + " (" + System.getProperty("java.vm.name") + ")"
      };
    }
  }
}
