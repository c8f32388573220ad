package io.starling.runtime.cli;

import io.starling.runtime.trust.DeviceCertificate;
import io.starling.runtime.trust.TrustException;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import picocli.CommandLine.Model.CommandSpec;

/** What the CA, enroll and keygen commands share: option checks, error mapping, summaries. */
final class TrustCli {

  /** The most days a certificate may be asked for: 100 years. */
  static final int MAX_DAYS = 36500;

  private TrustCli() {}

  /** A body that reports to stdout and may fail with bad input ({@link TrustException}) or I/O. */
  interface Body {
    void run(PrintWriter stdout) throws TrustException, IOException;
  }

  /**
   * Runs {@code body} with the command line's stdout, flushed after it: success is exit 0, a {@link
   * TrustException} is bad input (exit 2), an {@link IOException} a runtime failure (exit 1);
   * either failure is one line on stderr prefixed by the command.
   */
  static int run(CommandSpec spec, String command, Body body) {
    PrintWriter err = spec.commandLine().getErr();
    try {
      PrintWriter stdout = spec.commandLine().getOut();
      body.run(stdout);
      stdout.flush();
      return 0;
    } catch (TrustException e) {
      err.println(command + ": " + e.getMessage());
      err.flush();
      return Main.EXIT_USAGE;
    } catch (IOException e) {
      err.println(command + ": " + e.getClass().getSimpleName() + ": " + e.getMessage());
      err.flush();
      return Main.EXIT_FAILURE;
    }
  }

  /** {@code --days} as a duration. */
  static Duration days(int days) throws TrustException {
    if (days < 1 || days > MAX_DAYS) {
      throw new TrustException("--days " + days + " is out of range [1, " + MAX_DAYS + "]");
    }
    return Duration.ofDays(days);
  }

  /** The certificate's identity for a summary line: never key material. */
  static String describe(DeviceCertificate c) {
    return "node "
        + c.name()
        + " id "
        + c.nodeId()
        + " groups ["
        + String.join(",", c.groups())
        + "] serial "
        + c.serialHex()
        + " expires "
        + c.notAfter();
  }
}
