package io.starling.dist.netns;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A packaged {@code starling} CLI JVM running inside a lab host: its stdout lines as they come, its
 * stderr in a file. {@link Lab#close()} kills every node still alive.
 */
public final class NodeProcess {

  /** {@code ready: node <id> (<name>) in mesh <mesh> at coap://<host>:<port> (...)}. */
  static final Pattern READY =
      Pattern.compile(
          "ready: node ([a-z2-7]{26}) \\((\\S+)\\) in mesh (\\S+) at coap://(\\S+):(\\d+) .*");

  /** What the ready line says. */
  public record Ready(String id, String name, String mesh, String host, int port) {}

  private final Host host;
  private final Process process;
  private final Path stderr;
  private final long startedNanos;
  private final List<String> lines = new CopyOnWriteArrayList<>();

  NodeProcess(Host host, Process process, Path stderr, long startedNanos) {
    this.host = host;
    this.process = process;
    this.stderr = stderr;
    this.startedNanos = startedNanos;
    Thread reader = new Thread(this::readStdout, "lab-" + host.name() + "-stdout-" + pid());
    reader.setDaemon(true);
    reader.start();
  }

  private void readStdout() {
    try (BufferedReader r =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        lines.add(line);
      }
    } catch (IOException e) {
      lines.add("<stdout closed: " + e.getMessage() + ">");
    }
  }

  /** The host this node runs on. */
  public Host host() {
    return host;
  }

  /** The node JVM's PID (as seen from the test JVM: same PID namespace). */
  public long pid() {
    return process.pid();
  }

  /** True while the JVM runs. */
  public boolean isAlive() {
    return process.isAlive();
  }

  /** Every stdout line so far. */
  public List<String> stdout() {
    return List.copyOf(lines);
  }

  /** The file the node's stderr goes to. */
  public Path stderrFile() {
    return stderr;
  }

  /** The node's stderr so far. */
  public String stderr() {
    try {
      return Files.exists(stderr) ? Files.readString(stderr) : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Nanoseconds from start to now, for measurements. */
  public long nanosSinceStart() {
    return System.nanoTime() - startedNanos;
  }

  /**
   * Waits for the ready line; fails with everything the node printed if it does not come, or if the
   * node exits first.
   */
  public Ready awaitReady(Duration timeout) {
    try {
      Matcher m =
          Awaitility.await("ready line of " + host.name())
              .atMost(timeout)
              .pollInterval(Duration.ofMillis(20))
              .until(this::readyMatch, found -> found != null || !process.isAlive());
      if (m == null) {
        throw new AssertionError(
            host.name() + ": node exited before ready; " + stdout() + "; stderr: " + stderr());
      }
      return new Ready(
          m.group(1), m.group(2), m.group(3), m.group(4), Integer.parseInt(m.group(5)));
    } catch (ConditionTimeoutException e) {
      throw new AssertionError(
          host.name() + ": no ready line within " + timeout + "; " + stdout() + "; " + stderr(), e);
    }
  }

  private Matcher readyMatch() {
    for (String line : lines) {
      Matcher m = READY.matcher(line);
      if (m.matches()) {
        return m;
      }
    }
    return null;
  }

  /** SIGKILL: a crash, no goodbye to the mesh. */
  public void kill9() {
    signal("KILL");
  }

  /** SIGTERM: the node leaves the mesh cleanly and exits. */
  public void term() {
    signal("TERM");
  }

  private void signal(String name) {
    CommandResult.run(List.of("kill", "-" + name, Long.toString(pid())), Duration.ofSeconds(5));
  }

  /** Waits for the JVM to exit; returns its exit code, or -1 if it did not exit in time. */
  public int awaitExit(Duration timeout) {
    try {
      return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  /** Kills the JVM if it still runs and waits for it to go. */
  void destroy() {
    if (process.isAlive()) {
      process.destroyForcibly();
      awaitExit(Duration.ofSeconds(10));
    }
  }
}
