package io.starling.dist;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The packaged {@code starling} CLI (target/dist) run as its own JVM, as the launcher runs it, with
 * its stdout lines collected and its stderr in a file.
 */
final class StarlingProcess implements AutoCloseable {

  static final Pattern READY =
      Pattern.compile(
          "ready: node ([a-z2-7]{26}) \\((\\S+)\\) in mesh (\\S+) at coap://(\\S+):(\\d+) .*");

  private final Process process;
  private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
  private final List<String> seen = new ArrayList<>();
  private final Path stderr;
  final long startedNanos;

  private StarlingProcess(Process process, Path stderr, long startedNanos) {
    this.process = process;
    this.stderr = stderr;
    this.startedNanos = startedNanos;
    Thread reader =
        new Thread(
            () -> {
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
            },
            "starling-stdout-" + process.pid());
    reader.setDaemon(true);
    reader.start();
  }

  /**
   * Starts {@code starling ARGS} in {@code workDir}, with its state under {@code workDir/state}.
   */
  static StarlingProcess start(Path workDir, String... args) throws IOException {
    Path dist = Path.of(System.getProperty("starling.dist"));
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> command =
        new ArrayList<>(
            List.of(
                java,
                "-Xmx32m",
                "-Xms4m",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-XX:-UsePerfData",
                "-cp",
                dist.resolve("lib").toAbsolutePath() + "/*",
                "io.starling.runtime.cli.Main"));
    command.addAll(List.of(args));
    Path stderr = workDir.resolve("stderr.log");
    ProcessBuilder pb =
        new ProcessBuilder(command)
            .directory(workDir.toFile())
            .redirectError(stderr.toFile())
            .redirectInput(ProcessBuilder.Redirect.PIPE);
    pb.environment().put("XDG_STATE_HOME", workDir.resolve("state").toString());
    pb.environment().remove("STATE_DIRECTORY");
    long t0 = System.nanoTime();
    return new StarlingProcess(pb.start(), stderr, t0);
  }

  /** Waits for the ready line and returns its match. */
  Matcher awaitReady(Duration timeout) throws InterruptedException, IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      String line = lines.poll(50, TimeUnit.MILLISECONDS);
      if (line != null) {
        seen.add(line);
        Matcher m = READY.matcher(line);
        if (m.matches()) {
          return m;
        }
      }
      if (!process.isAlive() && lines.isEmpty()) {
        break;
      }
    }
    throw new AssertionError(
        "no ready line within " + timeout + "; stdout: " + seen + "; stderr: " + stderr());
  }

  /** Sends a signal (INT, TERM, KILL) with kill(1). */
  void signal(String name) throws IOException, InterruptedException {
    Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).start();
    kill.waitFor(5, TimeUnit.SECONDS);
  }

  /** Waits for the process to exit; returns its exit code, or -1 if it did not exit in time. */
  int awaitExit(Duration timeout) throws InterruptedException {
    return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : -1;
  }

  long pid() {
    return process.pid();
  }

  String stderr() throws IOException {
    return Files.exists(stderr) ? Files.readString(stderr) : "";
  }

  /** Live threads of the process, from /proc. */
  int threads() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid()), "status"))) {
      if (line.startsWith("Threads:")) {
        return Integer.parseInt(line.substring(8).trim());
      }
    }
    throw new IOException("no thread count for " + pid());
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
      try {
        process.waitFor(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
