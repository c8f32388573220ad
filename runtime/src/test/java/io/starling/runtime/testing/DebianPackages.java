package io.starling.runtime.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Installs the Debian packages a test needs (real peers such as libcoap's client), idempotently:
 * nothing happens when the command is already there. Runs {@code apt-get install} as root, and
 * {@code apt-get update} only if the install fails. Where it cannot install (not root, no apt), the
 * test is aborted with a message that says what to install.
 */
public final class DebianPackages {

  private DebianPackages() {}

  /** Makes sure {@code command} is on the PATH, installing {@code packages} if it is not. */
  public static void ensureCommand(String command, String... packages) {
    if (onPath(command)) {
      return;
    }
    install(packages);
    Assumptions.assumeTrue(
        onPath(command), command + " is still missing after installing " + List.of(packages));
  }

  private static boolean onPath(String command) {
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, command))) {
        return true;
      }
    }
    return false;
  }

  private static void install(String... packages) {
    boolean root = "root".equals(System.getProperty("user.name"));
    Assumptions.assumeTrue(
        root && onPath("apt-get"),
        "this test needs the Debian package(s) " + List.of(packages) + ": apt-get install them");
    if (run(command("apt-get", "install", "-y", "-q", packages)) != 0) {
      run(List.of("apt-get", "update", "-q"));
      run(command("apt-get", "install", "-y", "-q", packages));
    }
  }

  private static List<String> command(String a, String b, String c, String d, String... rest) {
    List<String> cmd = new ArrayList<>(List.of(a, b, c, d));
    cmd.addAll(List.of(rest));
    return cmd;
  }

  private static int run(List<String> command) {
    try {
      ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
      pb.environment().put("DEBIAN_FRONTEND", "noninteractive");
      pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
      Process p = pb.start();
      if (!p.waitFor(10, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        return -1;
      }
      return p.exitValue();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }
}
