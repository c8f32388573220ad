package io.starling.dist.netns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Neighbours on a real link: one JVM per node in its own network namespace, enrolled by a mesh CA,
 * finding each other by signed hellos to static peers.
 */
class NeighboursNetnsIT {

  private static final Logger LOG = LoggerFactory.getLogger(NeighboursNetnsIT.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private Lab lab;
  private Link lan;
  private final Map<String, Host> hosts = new LinkedHashMap<>();
  private final Map<String, NodeProcess> nodes = new LinkedHashMap<>();
  private final Map<String, Path> profiles = new LinkedHashMap<>();

  @BeforeEach
  void lab() {
    MeshProbe.requireLab();
    lab = Lab.open(dir.resolve("lab"));
    lan = lab.link("lan");
  }

  @AfterEach
  void close() {
    if (lab != null) {
      lab.close();
    }
  }

  /** Hosts on the link, each with an enrolled profile naming all the others as static peers. */
  private void prepare(Map<String, String[]> spec) throws Exception {
    Path ca = dir.resolve("ca");
    Path otherCa = dir.resolve("other-ca");
    MeshProbe.cli("ca", "init", "--out", ca.toString(), "--name", "greenhouse-ca");
    MeshProbe.cli("ca", "init", "--out", otherCa.toString(), "--name", "rogue-ca");
    for (String name : spec.keySet()) {
      hosts.put(name, lab.host(name, lan));
    }
    for (Map.Entry<String, String[]> e : spec.entrySet()) {
      String name = e.getKey();
      String mesh = e.getValue()[0];
      Path issuer = e.getValue()[1].equals("rogue") ? otherCa : ca;
      Path device = dir.resolve("devices").resolve(name);
      MeshProbe.cli(
          "enroll",
          "--ca",
          issuer.toString(),
          "--name",
          name,
          "--groups",
          "sensors",
          "--out",
          device.toString());
      List<String> peers = new ArrayList<>();
      for (Map.Entry<String, Host> other : hosts.entrySet()) {
        if (!other.getKey().equals(name)) {
          peers.add("\"" + other.getValue().address(lan) + ":5683\"");
        }
      }
      Path profile = device.resolve("profile.yaml");
      Files.writeString(
          profile,
          """
          node: {name: %s, mesh: %s, data: state}
          network: {bind: 0.0.0.0, port: 5683, peers: [%s]}
          security: {key: node.key, certificate: node.crt, trust: ca.crt}
          sensors:
            - {name: air, driver: simulated, interval: 5s}
          """
              .formatted(name, mesh, String.join(", ", peers)));
      profiles.put(name, profile);
    }
  }

  private NodeProcess start(String name) {
    NodeProcess node = hosts.get(name).start("run", "--profile", profiles.get(name).toString());
    node.awaitReady(Duration.ofSeconds(30));
    nodes.put(name, node);
    return node;
  }

  private JsonNode peers(String name) {
    return MeshProbe.peers(hosts.get(name), lan);
  }

  private Map<String, String> states(String name) {
    return MeshProbe.states(hosts.get(name), lan);
  }

  private boolean allUp(List<String> members) {
    for (String m : members) {
      Map<String, String> s = states(m);
      for (String other : members) {
        if (!other.equals(m) && !"UP".equals(s.get(other))) {
          return false;
        }
      }
    }
    return true;
  }

  @Test
  void members_find_each_other_strangers_never_do_and_a_killed_node_is_down_within_3_s()
      throws Exception {
    Map<String, String[]> spec = new LinkedHashMap<>();
    for (String n : List.of("a", "b", "c", "d")) {
      spec.put(n, new String[] {"greenhouse", "ours"});
    }
    spec.put("stray", new String[] {"workshop", "ours"});
    spec.put("rogue", new String[] {"greenhouse", "rogue"});
    prepare(spec);
    spec.keySet().forEach(this::start);
    List<String> members = List.of("a", "b", "c", "d");

    await()
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> allUp(members));
    for (String m : members) {
      JsonNode view = peers(m);
      assertThat(states(m).keySet())
          .as("peers of %s", m)
          .containsExactlyInAnyOrder(
              members.stream().filter(o -> !o.equals(m)).toArray(String[]::new));
      assertThat(view.path("rejected").path("OTHER_MESH").asLong()).isPositive();
      assertThat(view.path("rejected").path("CERTIFICATE_OTHER_CA").asLong()).isPositive();
    }

    long killed = System.nanoTime();
    nodes.get("d").kill9();
    await()
        .atMost(Duration.ofSeconds(5))
        .pollInterval(Duration.ofMillis(50))
        .until(
            () -> List.of("a", "b", "c").stream().allMatch(m -> "DOWN".equals(states(m).get("d"))));
    long downMillis = (System.nanoTime() - killed) / 1_000_000;
    LOG.info("kill -9 -> DOWN everywhere after {} ms", downMillis);
    assertThat(downMillis).as("DOWN everywhere after kill -9").isLessThanOrEqualTo(3_000);

    start("d");
    await()
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> allUp(members));
  }

  @Test
  void twenty_percent_loss_for_sixty_seconds_makes_no_neighbour_flap() throws Exception {
    Map<String, String[]> spec = new LinkedHashMap<>();
    for (String n : List.of("a", "b", "c", "d")) {
      spec.put(n, new String[] {"greenhouse", "ours"});
    }
    prepare(spec);
    spec.keySet().forEach(this::start);
    List<String> members = List.of("a", "b", "c", "d");
    await()
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> allUp(members));
    Map<String, Long> downsBefore = new LinkedHashMap<>();
    for (String m : members) {
      downsBefore.put(m, downLines(m));
    }

    // Each host drops in both directions; 1 - sqrt(0.8) per host gives 20% on every path.
    double perHost = 1 - Math.sqrt(0.8);
    members.forEach(m -> hosts.get(m).loss(lan, perHost));
    // all stay UP, checked every second, for the whole minute (and short flaps show in the logs)
    await()
        .during(Duration.ofSeconds(60))
        .atMost(Duration.ofSeconds(75))
        .pollInterval(Duration.ofSeconds(1))
        .until(() -> allUp(members));
    long dropped = members.stream().mapToLong(m -> hosts.get(m).droppedPackets()).sum();
    members.forEach(m -> hosts.get(m).loss(lan, 0));

    LOG.info("dropped {} packets during 60 s of 20% loss", dropped);
    assertThat(dropped).isGreaterThan(500);
    for (String m : members) {
      assertThat(downLines(m) - downsBefore.get(m)).as("DOWN transitions at %s", m).isZero();
    }
    assertThat(allUp(members)).isTrue();
  }

  private long downLines(String name) {
    return nodes
        .get(name)
        .stderr()
        .lines()
        .filter(l -> l.contains("neighbour") && l.endsWith("DOWN"))
        .count();
  }
}
