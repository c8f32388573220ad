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
 * The fast path of discovery on its own: with mDNS blocked on every host (UDP 5353 dropped) and no
 * peers configured, nodes still meet through their first hellos to All-CoAP-Nodes (224.0.1.187).
 */
class MulticastHelloNetnsIT {

  private static final Logger LOG = LoggerFactory.getLogger(MulticastHelloNetnsIT.class);

  @TempDir Path dir;

  private Lab lab;

  @BeforeEach
  void lab() {
    MeshProbe.requireLab();
    HostPackages.ensureCommand("iptables", "iptables");
    lab = Lab.open(dir.resolve("lab"));
  }

  @AfterEach
  void close() {
    if (lab != null) {
      lab.close();
    }
  }

  @Test
  void nodes_meet_by_multicast_hello_when_mdns_is_blocked() throws Exception {
    Link lan = lab.link("lan");
    Path ca = dir.resolve("ca");
    MeshProbe.cli("ca", "init", "--out", ca.toString(), "--name", "greenhouse-ca");
    Map<String, Host> hosts = new LinkedHashMap<>();
    List<String> names = List.of("a", "b", "c");
    for (String name : names) {
      Host host = lab.host(name, lan);
      for (String chain : List.of("OUTPUT", "INPUT")) {
        host.exec("iptables", "-A", chain, "-p", "udp", "--dport", "5353", "-j", "DROP")
            .orThrow(name + ": block mDNS");
      }
      hosts.put(name, host);
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
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () ->
                names.stream()
                    .allMatch(
                        n ->
                            MeshProbe.states(hosts.get(n), lan).values().stream()
                                    .filter("UP"::equals)
                                    .count()
                                == 2));
    LOG.info(
        "mDNS blocked, no peers configured: all UP pairwise {} ms after the first start",
        (System.nanoTime() - started) / 1_000_000);
  }
}
