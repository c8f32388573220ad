package io.starling.runtime.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Makes sure a Debian package a test needs is installed, idempotently: if the check passes nothing
 * happens; otherwise, as root, {@code apt-get install -y} (and only if that fails, {@code apt-get
 * update} and once more); if not root, the test is aborted with an {@link Assumptions} message
 * saying what to install. For tests that talk to third-party tools (python3-cbor2, libcoap3-bin).
 *
 * <pre>
 * DebianPackages.ensureCommand("coap-client-notls", "libcoap3-bin");
 * DebianPackages.ensurePythonModules(List.of("cbor2", "cryptography"),
 *     "python3-cbor2", "python3-cryptography");
 * </pre>
 */
public final class DebianPackages {

  /** Debian's own Python, not whatever {@code python3} is first on the PATH (e.g. pyenv). */
  public static final String PYTHON = "/usr/bin/python3";

  private static final long APT_TIMEOUT_MINUTES = 10;

  private DebianPackages() {}

  /** Ensures {@code command} is on the PATH, installing {@code packages} if it is not. */
  public static void ensureCommand(String command, String... packages) {
    ensure(List.of("sh", "-c", "command -v '" + command + "'"), packages);
  }

  /** Ensures Debian's Python can import every module, installing {@code packages} if not. */
  public static void ensurePythonModules(List<String> modules, String... packages) {
    ensure(List.of(PYTHON, "-c", "import " + String.join(", ", modules)), packages);
  }

  /**
   * Ensures {@code check} (a command line) exits 0, installing {@code packages} if it does not.
   * Aborts the calling test (assumption failure) if they cannot be installed.
   */
  public static void ensure(List<String> check, String... packages) {
    if (succeeds(check)) {
      return;
    }
    String wanted = String.join(" ", packages);
    Assumptions.assumeTrue(
        isRoot(),
        "needs Debian package(s) "
            + wanted
            + "; not root, so run: sudo apt-get install -y "
            + wanted);
    List<String> install = new ArrayList<>(List.of("apt-get", "install", "-y", "-q"));
    install.addAll(List.of(packages));
    if (!succeeds(install)) {
      succeeds(List.of("apt-get", "update", "-q"));
      succeeds(install);
    }
    Assumptions.assumeTrue(
        succeeds(check),
        "installed " + wanted + " but the check " + String.join(" ", check) + " still fails");
  }

  private static boolean isRoot() {
    return "root".equals(System.getProperty("user.name")) || uidIsZero();
  }

  private static boolean uidIsZero() {
    try {
      Process p = new ProcessBuilder("id", "-u").redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
      return p.waitFor() == 0 && out.equals("0");
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static boolean succeeds(List<String> command) {
    try {
      ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
      pb.environment().put("DEBIAN_FRONTEND", "noninteractive");
      pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
      Process p = pb.start();
      if (!p.waitFor(APT_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        return false;
      }
      return p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
