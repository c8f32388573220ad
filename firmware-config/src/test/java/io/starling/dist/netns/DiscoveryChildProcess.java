package io.starling.dist.netns;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One {@link MdnsDiscoveryChild} JVM inside a network namespace ({@code ip netns exec NS java …}),
 * its stdout lines collected as they come and its stderr in a file.
 */
final class DiscoveryChildProcess implements AutoCloseable {

  /** {@code found|lost <millis> name=<name> id=<id> mesh=<mesh> … addr=[…]}. */
  static final Pattern EVENT =
      Pattern.compile("(found|lost) (\\d+) name=(\\S+) id=(\\S+) mesh=(\\S+) v=(\\S+) .*");

  final String namespace;
  final String name;
  final String id;
  final long launchedMillis;
  private final Process process;
  private final Path stderr;
  private final List<String> lines = new CopyOnWriteArrayList<>();

  private DiscoveryChildProcess(
      String namespace, String name, String id, Process process, Path stderr, long launched) {
    this.namespace = namespace;
    this.name = name;
    this.id = id;
    this.process = process;
    this.stderr = stderr;
    this.launchedMillis = launched;
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
            "mdns-child-" + name);
    reader.setDaemon(true);
    reader.start();
  }

  /** Starts discovery for node {@code name}/{@code id} in mesh {@code mesh} inside {@code ns}. */
  static DiscoveryChildProcess start(
      Path work, String ns, String name, String id, String mesh, boolean ipv6) throws IOException {
    return start(
        work,
        ns,
        name,
        id,
        MdnsDiscoveryChild.class.getName(),
        List.of(name, id, mesh, "5683", ipv6 ? "ipv6" : "ipv4"));
  }

  /**
   * Starts {@code mainClass} from this JVM's classpath with {@code args} inside {@code ns}, as the
   * announcer or browser called {@code name}/{@code id}.
   */
  static DiscoveryChildProcess start(
      Path work, String ns, String name, String id, String mainClass, List<String> args)
      throws IOException {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> command =
        new ArrayList<>(
            List.of(
                "ip",
                "netns",
                "exec",
                ns,
                java,
                "-Xmx32m",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-XX:-UsePerfData",
                "-Dorg.slf4j.simpleLogger.showDateTime=true",
                "-Dorg.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss.SSS",
                "-Dorg.slf4j.simpleLogger.log.io.starling=debug",
                "-cp",
                childClasspath(),
                mainClass));
    command.addAll(args);
    Path stderr = work.resolve(ns + "-" + name.replace(' ', '_') + ".stderr.log");
    long launched = System.currentTimeMillis();
    Process p = new ProcessBuilder(command).redirectError(stderr.toFile()).start();
    return new DiscoveryChildProcess(ns, name, id, p, stderr, launched);
  }

  /**
   * This JVM's classpath for the child. Under failsafe it may be a manifest-only booter jar whose
   * Class-Path lists the real entries; those are expanded.
   */
  static String childClasspath() throws IOException {
    List<String> entries = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      if (entry.endsWith(".jar")
          && Path.of(entry).getFileName().toString().startsWith("surefire")) {
        try (JarFile jar = new JarFile(entry)) {
          Manifest m = jar.getManifest();
          String classPath = m == null ? null : m.getMainAttributes().getValue("Class-Path");
          if (classPath != null) {
            for (String url : classPath.trim().split("\\s+")) {
              entries.add(Path.of(URI.create(url)).toString());
            }
            continue;
          }
        }
      }
      entries.add(entry);
    }
    return String.join(File.pathSeparator, entries);
  }

  /** Every stdout line so far. */
  List<String> lines() {
    return List.copyOf(lines);
  }

  /** The wall-clock time the child's main began, once it reported it. */
  Optional<Long> startedMillis() {
    return lines.stream()
        .filter(l -> l.startsWith("started "))
        .map(l -> Long.parseLong(l.substring(8)))
        .findFirst();
  }

  /** The first {@code event} line ("found"/"lost") about the peer with id {@code peerId}. */
  Optional<Matcher> event(String event, String peerId) {
    for (String line : lines) {
      Matcher m = EVENT.matcher(line);
      if (m.matches() && m.group(1).equals(event) && m.group(4).equals(peerId)) {
        return Optional.of(m);
      }
    }
    return Optional.empty();
  }

  /** The {@code closed} line, once the child closed cleanly. */
  Optional<String> closedLine() {
    return lines.stream().filter(l -> l.startsWith("closed ")).findFirst();
  }

  /** The last {@code event} line about the peer with id {@code peerId}. */
  Optional<Matcher> lastEvent(String event, String peerId) {
    Matcher last = null;
    for (String line : lines) {
      Matcher m = EVENT.matcher(line);
      if (m.matches() && m.group(1).equals(event) && m.group(4).equals(peerId)) {
        last = m;
      }
    }
    return Optional.ofNullable(last);
  }

  /** How many {@code event} lines ("found"/"lost") about the peer with id {@code peerId}. */
  long count(String event, String peerId) {
    return lines.stream()
        .map(EVENT::matcher)
        .filter(m -> m.matches() && m.group(1).equals(event) && m.group(4).equals(peerId))
        .count();
  }

  /** Asks for a clean close (goodbyes); returns the wall-clock time the request was sent. */
  long closeCleanly() throws IOException {
    long t = System.currentTimeMillis();
    OutputStream in = process.getOutputStream();
    in.write("close\n".getBytes(StandardCharsets.UTF_8));
    in.flush();
    return t;
  }

  /** Kills the JVM (SIGKILL): no goodbye. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** Everything the child said, for assertion messages. */
  String transcript() {
    String err;
    try {
      err = Files.exists(stderr) ? Files.readString(stderr) : "";
    } catch (IOException e) {
      err = "<" + e + ">";
    }
    return name + "@" + namespace + " stdout: " + lines + "\nstderr:\n" + err;
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      kill();
    }
  }
}
