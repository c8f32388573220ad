package io.starling.dist.netns;

import io.starling.runtime.testing.DebianPackages;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/**
 * Installs Debian packages a lab test needs, idempotently. Inside the lab the test JVM has no route
 * to anywhere, so {@code apt-get} runs with {@code nsenter} in the network namespace the lab was
 * started from ({@code STARLING_NETNS_HOST_NET}, set by {@code scripts/ns-java}): the ordinary
 * Debian client, talking to the configured mirrors, nothing else.
 */
final class HostPackages {

  private static final Duration APT_TIMEOUT = Duration.ofMinutes(10);

  private HostPackages() {}

  /** Ensures {@code command} is on the PATH, installing {@code packages} if it is not. */
  static void ensureCommand(String command, String... packages) {
    ensure(List.of("sh", "-c", "command -v '" + command + "'"), command, packages);
  }

  /** Ensures Debian's python3 can import {@code module}, installing {@code packages} if not. */
  static void ensurePythonModule(String module, String... packages) {
    ensure(
        List.of(DebianPackages.PYTHON, "-c", "import " + module),
        "the python module " + module,
        packages);
  }

  /** Runs {@code check}; if it fails, installs {@code packages} and checks again. */
  private static void ensure(List<String> check, String what, String... packages) {
    if (ok(check)) {
      return;
    }
    String hostNet = System.getenv("STARLING_NETNS_HOST_NET");
    if (hostNet == null) {
      DebianPackages.ensure(check, packages); // not in a lab: apt-get as usual
      return;
    }
    List<String> install = new ArrayList<>(List.of("nsenter", "--net=" + hostNet, "env"));
    install.addAll(List.of("DEBIAN_FRONTEND=noninteractive", "apt-get", "install", "-y", "-q"));
    install.addAll(List.of(packages));
    if (!CommandResult.run(install, APT_TIMEOUT).ok()) {
      CommandResult.run(
          List.of("nsenter", "--net=" + hostNet, "apt-get", "update", "-q"), APT_TIMEOUT);
      CommandResult.run(install, APT_TIMEOUT);
    }
    Assumptions.assumeTrue(
        ok(check),
        "needs "
            + what
            + "; could not install it here, so run: sudo apt-get install -y "
            + String.join(" ", packages));
  }

  private static boolean ok(List<String> check) {
    return CommandResult.run(check, CommandResult.DEFAULT_TIMEOUT).ok();
  }
}
