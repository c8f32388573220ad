package io.starling.dist.netns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.starling.runtime.testing.DebianPackages;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Real multicast between two hosts: network namespaces {@code a} (169.254.0.1) and {@code b}
 * (169.254.0.2) on bridge {@code br0}, each running discovery in its own JVM. Runs only inside the
 * lab ({@code scripts/ns-java}, which sets {@code STARLING_NETNS_LAB=1} in a private user, mount,
 * network and pid namespace): it creates interfaces and namespaces with {@code ip}.
 */
class MdnsDiscoveryNetnsIT {

  private static final Logger LOG = LoggerFactory.getLogger(MdnsDiscoveryNetnsIT.class);

  private static final String MESH = "lab";
  private static final String ID_A = "aaaaaaaaaaaaaaaaaaaaaaaaaa";
  private static final String ID_B = "bbbbbbbbbbbbbbbbbbbbbbbbbb";
  private static final String ID_C = "cccccccccccccccccccccccccc";

  @TempDir Path work;
  private final List<DiscoveryChildProcess> children = new ArrayList<>();

  @BeforeAll
  static void lab() throws Exception {
    Assumptions.assumeTrue(
        "1".equals(System.getenv("STARLING_NETNS_LAB")),
        "needs the network-namespace lab (scripts/ns-java sets STARLING_NETNS_LAB=1)");
    ip("link", "add", "br0", "type", "bridge", "mcast_snooping", "0");
    ip("link", "set", "br0", "up");
    String[][] hosts = {{"a", "169.254.0.1/16"}, {"b", "169.254.0.2/16"}};
    for (String[] host : hosts) {
      String ns = host[0];
      ip("netns", "add", ns);
      ip("link", "add", "veth-" + ns, "type", "veth", "peer", "name", "eth0", "netns", ns);
      ip("link", "set", "veth-" + ns, "master", "br0", "up");
      ip("-n", ns, "link", "set", "lo", "up");
      // IPv6 link-local addresses are usable at once instead of after ~1.4 s of DAD.
      run("ip", "netns", "exec", ns, "sysctl", "-q", "-w", "net.ipv6.conf.eth0.accept_dad=0");
      ip("-n", ns, "addr", "add", host[1], "dev", "eth0");
      ip("-n", ns, "link", "set", "eth0", "up");
      // Without a route, sending to 224.0.0.251 fails with "Network is unreachable".
      ip("-n", ns, "route", "replace", "224.0.0.0/4", "dev", "eth0");
    }
  }

  @AfterAll
  static void teardown() throws Exception {
    if (!"1".equals(System.getenv("STARLING_NETNS_LAB"))) {
      return;
    }
    ipQuietly("netns", "del", "a");
    ipQuietly("netns", "del", "b");
    ipQuietly("link", "del", "br0");
  }

  @AfterEach
  void stopChildren() throws InterruptedException {
    for (DiscoveryChildProcess c : children) {
      c.close();
    }
  }

  private DiscoveryChildProcess start(String ns, String name, String id) throws IOException {
    return start(ns, name, id, false);
  }

  private DiscoveryChildProcess start(String ns, String name, String id, boolean ipv6)
      throws IOException {
    DiscoveryChildProcess c = DiscoveryChildProcess.start(work, ns, name, id, MESH, ipv6);
    children.add(c);
    await()
        .atMost(Duration.ofSeconds(15))
        .pollInterval(Duration.ofMillis(10))
        .failFast(() -> !c.isAlive())
        .until(() -> c.startedMillis().isPresent());
    return c;
  }

  private static Matcher awaitEvent(
      DiscoveryChildProcess observer, String event, DiscoveryChildProcess peer, Duration atMost) {
    await("'" + event + " " + peer.name + "' at " + observer.name)
        .atMost(atMost)
        .pollInterval(Duration.ofMillis(10))
        .conditionEvaluationListener(
            c -> {
              if (c.isSatisfied() || c.getRemainingTimeInMS() > 10) {
                return;
              }
              LOG.error("{}\n{}", observer.transcript(), peer.transcript());
            })
        .until(() -> observer.event(event, peer.id).isPresent());
    return observer.event(event, peer.id).orElseThrow();
  }

  @Test
  void two_hosts_find_each_other_with_id_and_mesh_within_1_5_s_of_the_later_start()
      throws Exception {
    DiscoveryChildProcess alpha = start("a", "alpha", ID_A);
    await().pollDelay(Duration.ofMillis(1500)).until(() -> true); // alpha settled and announced
    DiscoveryChildProcess beta = start("b", "beta", ID_B);
    long betaStarted = beta.startedMillis().orElseThrow();

    Matcher alphaSawBeta = awaitEvent(alpha, "found", beta, Duration.ofSeconds(5));
    Matcher betaSawAlpha = awaitEvent(beta, "found", alpha, Duration.ofSeconds(5));

    assertThat(alphaSawBeta.group(3)).isEqualTo("beta");
    assertThat(alphaSawBeta.group(5)).isEqualTo(MESH);
    assertThat(alphaSawBeta.group(6)).isEqualTo("1");
    assertThat(alphaSawBeta.group(0)).contains("addr=[169.254.0.2]", "if=eth0", "port=5683");
    assertThat(betaSawAlpha.group(3)).isEqualTo("alpha");
    assertThat(betaSawAlpha.group(0)).contains("addr=[169.254.0.1]");

    long newNodeSeen = Long.parseLong(alphaSawBeta.group(2)) - betaStarted;
    long peerSeen = Long.parseLong(betaSawAlpha.group(2)) - betaStarted;
    LOG.info(
        "new node seen by its peer {} ms after its main() began ({} ms after JVM launch);"
            + " it saw the peer after {} ms",
        newNodeSeen,
        Long.parseLong(alphaSawBeta.group(2)) - beta.launchedMillis,
        peerSeen);
    assertThat(newNodeSeen).isLessThanOrEqualTo(1500);
    assertThat(peerSeen).isLessThanOrEqualTo(1500);
  }

  @Test
  void a_clean_close_says_goodbye_but_a_killed_node_stays_in_caches_so_liveness_is_not_mdns()
      throws Exception {
    DiscoveryChildProcess alpha = start("a", "alpha", ID_A);
    DiscoveryChildProcess beta = start("b", "beta", ID_B);
    DiscoveryChildProcess gamma = start("b", "gamma", ID_C);
    awaitEvent(alpha, "found", beta, Duration.ofSeconds(5));
    awaitEvent(alpha, "found", gamma, Duration.ofSeconds(5));

    beta.kill();
    long closeSent = gamma.closeCleanly();

    Matcher gammaLost = awaitEvent(alpha, "lost", gamma, Duration.ofSeconds(3));
    long goodbyeMillis = Long.parseLong(gammaLost.group(2)) - closeSent;
    LOG.info("clean close seen as lost {} ms after close was asked", goodbyeMillis);
    assertThat(goodbyeMillis).isLessThanOrEqualTo(2500);
    await().atMost(Duration.ofSeconds(5)).until(() -> gamma.closedLine().isPresent());
    LOG.info("gamma: {}", gamma.closedLine().orElseThrow());
    assertThat(gamma.closedLine().orElseThrow()).endsWith(" jmdnsThreads=0");

    // The SIGKILLed node sent no goodbye: its records live until their TTL (jmDNS: 1 hour).
    await()
        .during(Duration.ofSeconds(2))
        .atMost(Duration.ofSeconds(3))
        .until(() -> alpha.event("lost", ID_B).isEmpty());
  }

  @Test
  void two_nodes_with_one_name_are_renamed_by_mdns_and_told_apart_by_id() throws Exception {
    DiscoveryChildProcess first = start("a", "twin", ID_A);
    await().pollDelay(Duration.ofMillis(1500)).until(() -> true);
    DiscoveryChildProcess second = start("b", "twin", ID_B);

    Matcher firstSawSecond = awaitEvent(first, "found", second, Duration.ofSeconds(5));
    Matcher secondSawFirst = awaitEvent(second, "found", first, Duration.ofSeconds(5));

    // RFC 6762 §9: the later one gives way; jmDNS names it "twin (2)".
    assertThat(firstSawSecond.group(3)).isEqualTo("twin_(2)");
    assertThat(secondSawFirst.group(3)).isEqualTo("twin");
    assertThat(firstSawSecond.group(4)).isEqualTo(ID_B);
    assertThat(secondSawFirst.group(4)).isEqualTo(ID_A);
    assertThat(second.transcript()).contains("WARN", "already announces the name 'twin'");
  }

  @Test
  void a_link_going_down_loses_its_peers_and_coming_back_finds_them_again() throws Exception {
    DiscoveryChildProcess alpha = start("a", "alpha", ID_A);
    DiscoveryChildProcess beta = start("b", "beta", ID_B);
    awaitEvent(alpha, "found", beta, Duration.ofSeconds(5));

    ip("-n", "a", "link", "set", "eth0", "down");
    awaitEvent(alpha, "lost", beta, Duration.ofSeconds(3));

    ip("-n", "a", "link", "set", "eth0", "up");
    ip("-n", "a", "route", "replace", "224.0.0.0/4", "dev", "eth0");
    long upMillis = System.currentTimeMillis();
    await("alpha finds beta again after eth0 is back")
        .atMost(Duration.ofSeconds(5))
        .pollInterval(Duration.ofMillis(10))
        .until(() -> alpha.count("found", ID_B) == 2);
    LOG.info("link back up: peer found again within {} ms", System.currentTimeMillis() - upMillis);
    assertThat(alpha.transcript()).contains("eth0/169.254.0.1 is gone");
  }

  @Test
  void with_ipv6_a_peer_is_one_peer_per_link_with_the_addresses_of_both_families()
      throws Exception {
    DiscoveryChildProcess alpha = start("a", "alpha", ID_A, true);
    DiscoveryChildProcess beta = start("b", "beta", ID_B, true);

    awaitEvent(alpha, "found", beta, Duration.ofSeconds(5));
    awaitEvent(beta, "found", alpha, Duration.ofSeconds(5));
    await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(2)).until(() -> true);

    // One peer, no lost; found again only when the other family adds its address.
    assertThat(alpha.count("lost", ID_B)).isZero();
    assertThat(alpha.count("found", ID_B)).isBetween(1L, 2L);
    assertThat(alpha.lastEvent("found", ID_B).orElseThrow().group(0))
        .contains("addr=[169.254.0.2, fe80:");
    assertThat(alpha.transcript()).contains("announcing 'alpha' on eth0/fe80:");
    assertThat(alpha.transcript()).contains("announcing 'alpha' on eth0/169.254.0.1");
  }

  /** python-zeroconf: registers 'pynode' on the base type, browses for our subtype. */
  private static final String PYTHON_PEER =
      """
      import socket, sys
      from zeroconf import IPVersion, ServiceBrowser, ServiceInfo, Zeroconf
      zc = Zeroconf(interfaces=[sys.argv[1]], ip_version=IPVersion.V4Only)
      info = ServiceInfo('_coap._udp.local.', 'pynode._coap._udp.local.',
          addresses=[socket.inet_aton(sys.argv[1])], port=5690, server='pynode.local.',
          properties={'v': '1', 'id': sys.argv[2], 'mesh': 'lab'})
      class Listener:
          def add_service(self, zc, type_, name):
              i = zc.get_service_info(type_, name, timeout=3000)
              props = {k.decode(): (v or b'').decode() for k, v in i.properties.items()}
              print('found', name, i.port, props['id'], props['mesh'], props['v'],
                    i.parsed_addresses(), flush=True)
          def remove_service(self, zc, type_, name):
              print('lost', name, flush=True)
          def update_service(self, zc, type_, name):
              pass
      ServiceBrowser(zc, '_starling._sub._coap._udp.local.', Listener())
      zc.register_service(info)
      print('registered', flush=True)
      sys.stdin.readline()
      zc.unregister_service(info)
      zc.close()
      """;

  @Test
  void an_independent_mdns_implementation_finds_our_subtype_and_we_find_it() throws Exception {
    HostPackages.ensurePythonModule("zeroconf", "python3-zeroconf");
    Path script = Files.writeString(work.resolve("peer.py"), PYTHON_PEER);
    String idD = "dddddddddddddddddddddddddd";
    DiscoveryChildProcess alpha = start("a", "alpha", ID_A);
    Process python =
        new ProcessBuilder(
                "ip",
                "netns",
                "exec",
                "b",
                DebianPackages.PYTHON,
                script.toString(),
                "169.254.0.2",
                idD)
            .redirectError(work.resolve("python.stderr.log").toFile())
            .start();
    List<String> pyLines = new CopyOnWriteArrayList<>();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(
                      new InputStreamReader(python.getInputStream(), StandardCharsets.UTF_8))) {
                r.lines().forEach(pyLines::add);
              } catch (IOException e) {
                pyLines.add("<" + e + ">");
              }
            });
    reader.setDaemon(true);
    reader.start();
    try {
      await("python-zeroconf finds alpha by the _starling subtype")
          .atMost(Duration.ofSeconds(10))
          .until(() -> pyLines.stream().anyMatch(l -> l.startsWith("found alpha.")));
      assertThat(pyLines.stream().filter(l -> l.startsWith("found alpha.")).findFirst())
          .hasValueSatisfying(
              l -> assertThat(l).contains(" 5683 " + ID_A + " lab 1 ['169.254.0.1']"));

      await("alpha finds pynode")
          .atMost(Duration.ofSeconds(10))
          .until(() -> alpha.event("found", idD).isPresent());
      assertThat(alpha.event("found", idD).orElseThrow().group(0))
          .contains("name=pynode", "port=5690", "addr=[169.254.0.2]", "mesh=lab");
    } finally {
      python.destroyForcibly();
      python.waitFor();
    }
  }

  private static void ip(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("ip"));
    command.addAll(List.of(args));
    run(command.toArray(String[]::new));
  }

  private static void run(String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
    }
  }

  private static void ipQuietly(String... args) {
    try {
      ip(args);
    } catch (IOException | RuntimeException e) {
      LOG.debug("cleanup: {}", e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
