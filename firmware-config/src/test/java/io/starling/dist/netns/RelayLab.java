package io.starling.dist.netns;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Two links bridged by two dual-homed relays, one JVM per node in its own namespace: {@code a1, a2}
 * on link {@code lana}, {@code b1, b2} on {@code lanb}, {@code r1, r2} on both. Every node is
 * enrolled by one mesh CA and names the other hosts on its links as static peers (discovery off, so
 * the topology is exactly the links); none knows anything beyond its links.
 */
final class RelayLab implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();
  static final List<String> NAMES = List.of("a1", "a2", "b1", "b2", "r1", "r2");

  private final Lab lab;
  final Link lanA;
  final Link lanB;
  private final Map<String, Host> hosts = new LinkedHashMap<>();
  private final Map<String, Path> profiles = new LinkedHashMap<>();
  private final Map<String, NodeProcess> nodes = new LinkedHashMap<>();

  RelayLab(Path dir) throws IOException {
    this(dir, Map.of());
  }

  /**
   * The lab, with {@code extra} YAML appended to the profiles of the hosts it names (it replaces
   * their default {@code sensors} block when it has one).
   */
  RelayLab(Path dir, Map<String, String> extra) throws IOException {
    lab = Lab.open(dir.resolve("lab"));
    lanA = lab.link("lana");
    lanB = lab.link("lanb");
    hosts.put("a1", lab.host("a1", lanA));
    hosts.put("a2", lab.host("a2", lanA));
    hosts.put("b1", lab.host("b1", lanB));
    hosts.put("b2", lab.host("b2", lanB));
    hosts.put("r1", lab.host("r1", lanA, lanB));
    hosts.put("r2", lab.host("r2", lanA, lanB));
    Path ca = dir.resolve("ca");
    MeshProbe.cli("ca", "init", "--out", ca.toString(), "--name", "greenhouse-ca");
    for (Host h : hosts.values()) {
      Path device = dir.resolve("devices").resolve(h.name());
      MeshProbe.cli(
          "enroll",
          "--ca",
          ca.toString(),
          "--name",
          h.name(),
          "--groups",
          "sensors",
          "--out",
          device.toString());
      List<String> peers = new ArrayList<>();
      for (Link link : h.links()) {
        for (Host other : hosts.values()) {
          if (other != h && other.links().contains(link)) {
            peers.add("\"" + other.address(link) + ":5683\"");
          }
        }
      }
      Path profile = device.resolve("profile.yaml");
      String more = extra.getOrDefault(h.name(), "");
      Files.writeString(
          profile,
          """
          node: {name: %s, mesh: greenhouse, data: state}
          network: {bind: 0.0.0.0, port: 5683, discovery: false, peers: [%s]}
          security: {key: node.key, certificate: node.crt, trust: ca.crt}
          """
                  .formatted(h.name(), String.join(", ", peers))
              + (more.contains("sensors:")
                  ? ""
                  : "sensors:\n  - {name: air, driver: simulated, interval: 5s}\n")
              + more);
      profiles.put(h.name(), profile);
    }
  }

  Host host(String name) {
    return hosts.get(name);
  }

  /** Starts every node and waits for each to be ready. */
  void startAll() {
    NAMES.forEach(this::launch);
    NAMES.forEach(n -> nodes.get(n).awaitReady(Duration.ofSeconds(60)));
  }

  /** Starts (or restarts) one node and waits for it to be ready. */
  NodeProcess start(String name) {
    launch(name);
    nodes.get(name).awaitReady(Duration.ofSeconds(60));
    return nodes.get(name);
  }

  private void launch(String name) {
    nodes.put(name, hosts.get(name).start("run", "--profile", profiles.get(name).toString()));
  }

  /** The directory of {@code name}'s profile (its device files). */
  Path deviceDir(String name) {
    return profiles.get(name).getParent();
  }

  /** SIGTERM: the node leaves cleanly; waits for it to exit. */
  void stop(String name) {
    nodes.get(name).term();
    nodes.get(name).awaitExit(Duration.ofSeconds(10));
  }

  void kill9(String name) {
    nodes.get(name).kill9();
    nodes.get(name).awaitExit(Duration.ofSeconds(10));
  }

  /** Where the node on {@code host} answers CoAP (its first link). */
  private String base(String host) {
    Host h = hosts.get(host);
    return "coap://" + h.address(h.links().get(0));
  }

  /** {@code /mesh/routes} of a node, asked from its own namespace by libcoap. */
  JsonNode routes(String host) {
    return get(host, "/mesh/routes");
  }

  JsonNode topology(String host) {
    return get(host, "/mesh/topology");
  }

  private JsonNode get(String host, String path) {
    CommandResult r =
        hosts.get(host).exec("coap-client-notls", "-m", "get", "-B", "2", base(host) + path);
    try {
      return JSON.readTree(r.output());
    } catch (IOException e) {
      throw new AssertionError(host + ": " + path + " is not JSON: " + r.output(), e);
    }
  }

  /** The name of the next hop on {@code from}'s route to {@code to}, if it has one. */
  Optional<String> via(String from, String to) {
    for (JsonNode r : routes(from).path("routes")) {
      if (r.path("name").asText().equals(to)) {
        return Optional.of(r.path("viaName").asText());
      }
    }
    return Optional.empty();
  }

  /** Pings {@code target} from the node on {@code from} (POST /mesh/ping); the JSON answer. */
  JsonNode ping(String from, String target, int timeoutMillis) {
    CommandResult r =
        hosts
            .get(from)
            .exec(
                "coap-client-notls",
                "-m",
                "post",
                "-t",
                "0",
                "-e",
                target,
                "-B",
                Integer.toString(timeoutMillis / 1000 + 3),
                base(from) + "/mesh/ping?timeout=" + timeoutMillis);
    // libcoap prints an error response's code before its body
    int json = r.output().indexOf('{');
    try {
      return JSON.readTree(json < 0 ? r.output() : r.output().substring(json));
    } catch (IOException e) {
      throw new AssertionError(from + ": ping answer is not JSON: " + r.output(), e);
    }
  }

  /** Runs the packaged {@code starling} CLI inside {@code host}'s namespace. */
  CommandResult starling(String host, String... args) {
    Path dist = Path.of(System.getProperty("starling.dist"));
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> command =
        new ArrayList<>(
            List.of(
                java,
                "-XX:TieredStopAtLevel=1",
                "-cp",
                dist.resolve("lib").toAbsolutePath() + "/*",
                "io.starling.runtime.cli.Main"));
    command.addAll(List.of(args));
    return hosts.get(host).exec(command.toArray(String[]::new));
  }

  /** The node on {@code host}'s CoAP URI, for the CLI's {@code --node}. */
  String uri(String host) {
    return base(host) + ":5683";
  }

  void cut(String host, Link link) {
    lab.cut(hosts.get(host), link);
  }

  void restore(String host, Link link) {
    lab.restore(hosts.get(host), link);
  }

  /** Whether every node has a route to every other live node. */
  boolean converged(List<String> live) {
    for (String from : live) {
      JsonNode routes = routes(from).path("routes");
      List<String> reached = new ArrayList<>();
      routes.forEach(r -> reached.add(r.path("name").asText()));
      for (String to : live) {
        if (!to.equals(from) && !reached.contains(to)) {
          return false;
        }
      }
    }
    return true;
  }

  @Override
  public void close() {
    lab.close();
  }
}
