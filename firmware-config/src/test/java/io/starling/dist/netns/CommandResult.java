package io.starling.dist.netns;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What a finished command left behind: its exit code and its stdout and stderr, merged in the order
 * they were written.
 *
 * @param exitCode the process's exit status; -1 if it was killed for running past its timeout
 * @param output stdout and stderr, as UTF-8 text
 */
public record CommandResult(int exitCode, String output) {

  /** The longest any lab command may run before it is killed. */
  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

  /** True if the command exited with status 0. */
  public boolean ok() {
    return exitCode == 0;
  }

  /** Returns this result, or throws if the command failed; {@code what} names it in the error. */
  CommandResult orThrow(String what) {
    if (!ok()) {
      throw new IllegalStateException(what + " failed (exit " + exitCode + "): " + output.trim());
    }
    return this;
  }

  /**
   * Runs {@code command} to completion with its output in a scratch file (no pipe to drain, so a
   * chatty or hung command cannot block the caller); kills it after {@code timeout}.
   */
  static CommandResult run(List<String> command, Duration timeout) {
    Path out = null;
    try {
      out = Files.createTempFile("lab-cmd-", ".out");
      Process p =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(out.toFile())
              .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
              .start();
      boolean finished = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (!finished) {
        p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
      String text = Files.readString(out, StandardCharsets.UTF_8);
      return new CommandResult(finished ? p.exitValue() : -1, text);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + String.join(" ", command), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted running " + String.join(" ", command), e);
    } finally {
      if (out != null) {
        try {
          Files.deleteIfExists(out);
        } catch (IOException ignored) {
          // a scratch file in the temp directory; nothing to do
        }
      }
    }
  }
}
