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
 * Plug in enrolled nodes with no peers configured and they become neighbours: by mDNS, and by their
 * first hellos to All-CoAP-Nodes (224.0.1.187) even when mDNS is blocked.
 */
class ZeroConfigNetnsIT {

  private static final Logger LOG = LoggerFactory.getLogger(ZeroConfigNetnsIT.class);
  private static final List<String> NAMES = List.of("a", "b", "c");

  @TempDir Path dir;

  private Lab lab;
  private Link lan;
  private final Map<String, Host> hosts = new LinkedHashMap<>();

  @BeforeEach
  void lab() {
    MeshProbe.requireLab();
    lab = Lab.open(dir.resolve("lab"));
    lan = lab.link("lan");
    for (String name : NAMES) {
      hosts.put(name, lab.host(name, lan));
    }
  }

  @AfterEach
  void close() {
    if (lab != null) {
      lab.close();
    }
  }

  @Test
  void enrolled_nodes_with_no_peers_configured_find_each_other() throws Exception {
    long ms = startAllAndAwaitUpPairwise();
    LOG.info("3 nodes, no static peers: all UP pairwise {} ms after the first start", ms);
  }

  @Test
  void nodes_meet_by_multicast_hello_when_mdns_is_blocked() throws Exception {
    HostPackages.ensureCommand("iptables", "iptables");
    for (Host host : hosts.values()) {
      for (String chain : List.of("OUTPUT", "INPUT")) {
        host.exec("iptables", "-A", chain, "-p", "udp", "--dport", "5353", "-j", "DROP")
            .orThrow(host + ": block mDNS");
      }
    }

    long ms = startAllAndAwaitUpPairwise();
    LOG.info("mDNS blocked, no static peers: all UP pairwise {} ms after the first start", ms);
  }

  /** Enrols and starts a, b and c one after the other; returns ms until all see 2 UP. */
  private long startAllAndAwaitUpPairwise() throws Exception {
    Path ca = dir.resolve("ca");
    MeshProbe.cli("ca", "init", "--out", ca.toString(), "--name", "greenhouse-ca");
    long started = System.nanoTime();
    for (String name : NAMES) {
      Path device = dir.resolve(name);
      MeshProbe.cli("enroll", "--ca", ca.toString(), "--name", name, "--out", device.toString());
      Path profile = device.resolve("profile.yaml");
      Files.writeString(
          profile,
          """
          node: {name: %s, mesh: greenhouse, data: state}
          network: {port: 5683}
          security: {key: node.key, certificate: node.crt, trust: ca.crt}
          sensors:
            - {name: air, driver: simulated, interval: 5s}
          """
              .formatted(name));
      hosts
          .get(name)
          .start("run", "--profile", profile.toString())
          .awaitReady(Duration.ofSeconds(30));
    }
    await()
        .atMost(Duration.ofSeconds(15))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> NAMES.stream().allMatch(n -> upCount(hosts.get(n)) == 2));
    return (System.nanoTime() - started) / 1_000_000;
  }

  private long upCount(Host host) {
    return MeshProbe.states(host, lan).values().stream().filter("UP"::equals).count();
  }
}
