package io.starling.dist.netns;

import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
 * Plug in enrolled nodes with no peers configured: mDNS finds them, hellos make them neighbours.
 */
class ZeroConfigNetnsIT {

  private static final Logger LOG = LoggerFactory.getLogger(ZeroConfigNetnsIT.class);

  @TempDir Path dir;

  private Lab lab;

  @BeforeEach
  void lab() {
    MeshProbe.requireLab();
    lab = Lab.open(dir.resolve("lab"));
  }

  @AfterEach
  void close() {
    if (lab != null) {
      lab.close();
    }
  }

  @Test
  void enrolled_nodes_with_no_peers_configured_find_each_other_by_mdns() throws Exception {
    Link lan = lab.link("lan");
    Path ca = dir.resolve("ca");
    MeshProbe.cli("ca", "init", "--out", ca.toString(), "--name", "greenhouse-ca");
    Map<String, Host> hosts = new LinkedHashMap<>();
    Map<String, NodeProcess> nodes = new LinkedHashMap<>();
    List<String> names = List.of("a", "b", "c");
    for (String name : names) {
      hosts.put(name, lab.host(name, lan));
    }
    long started = System.nanoTime();
    for (String name : names) {
      Path device = dir.resolve(name);
      MeshProbe.cli("enroll", "--ca", ca.toString(), "--name", name, "--out", device.toString());
      Path profile = device.resolve("profile.yaml");
      Files.writeString(
          profile,
          """
          node: {name: %s, mesh: greenhouse, data: state}
          security: {key: node.key, certificate: node.crt, trust: ca.crt}
          sensors:
            - {name: air, driver: simulated, interval: 5s}
          """
              .formatted(name));
      nodes.put(name, hosts.get(name).start("run", "--profile", profile.toString()));
    }
    nodes.values().forEach(n -> n.awaitReady(Duration.ofSeconds(30)));

    await()
        .atMost(Duration.ofSeconds(15))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> names.stream().allMatch(n -> upCount(hosts.get(n), lan) == 2));
    LOG.info(
        "3 nodes, no static peers: all UP pairwise {} ms after the first start",
        (System.nanoTime() - started) / 1_000_000);
  }

  private static long upCount(Host host, Link lan) {
    return MeshProbe.states(host, lan).values().stream().filter("UP"::equals).count();
  }
}
