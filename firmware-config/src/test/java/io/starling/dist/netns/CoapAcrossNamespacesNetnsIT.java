package io.starling.dist.netns;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Three packaged {@code starling run} nodes, each in its own network namespace on one bridged link,
 * read by libcoap's {@code coap-client-notls} from another namespace over real veths: a crash, a
 * cut link, its repair and a lossy link behave as they would between real devices.
 */
class CoapAcrossNamespacesNetnsIT {

  private static final Logger LOG = LoggerFactory.getLogger(CoapAcrossNamespacesNetnsIT.class);
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);

  @TempDir Path work;

  @BeforeAll
  static void libcoap() {
    HostPackages.ensureCommand("coap-client-notls", "libcoap3-bin");
  }

  /** A small profile: one simulated sensor, CoAP on all addresses, state under the test dir. */
  private Path profile(String name) throws IOException {
    Path dir = Files.createDirectories(work.resolve("profiles"));
    Path profile = dir.resolve(name + ".yaml");
    Files.writeString(
        profile,
        """
        node:
          name: %s
          mesh: lab
          data: %s
        network:
          bind: 0.0.0.0
          port: 5683
        sensors:
          - name: air
            driver: simulated
            interval: 2s
        """
            .formatted(name, work.resolve("state").resolve(name)));
    return profile;
  }

  /** Starts {@code starling run} on each host, then waits for every ready line. */
  private List<NodeProcess.Ready> startNodes(List<Host> hosts) throws IOException {
    List<NodeProcess> nodes = new ArrayList<>();
    for (Host host : hosts) {
      nodes.add(host.start("run", "--profile", profile("node-" + host.name()).toString()));
    }
    List<NodeProcess.Ready> ready = new ArrayList<>();
    for (NodeProcess node : nodes) {
      ready.add(node.awaitReady(READY_TIMEOUT));
      LOG.info(
          "{}: JVM start to ready line {} ms ({} nodes starting at once on 2 cores)",
          node.host().name(),
          node.nanosSinceStart() / 1_000_000,
          nodes.size());
    }
    return ready;
  }

  /** GETs {@code /mesh/node} of {@code to} from {@code from}; true if it answered as {@code id}. */
  private static boolean meshNode(Host from, String address, String id, int breakSeconds) {
    CommandResult r =
        from.exec(
            "coap-client-notls",
            "-m",
            "get",
            "-B",
            Integer.toString(breakSeconds),
            "coap://" + address + ":5683/mesh/node");
    return Pattern.compile("\"id\"\\s*:\\s*\"" + id + "\"").matcher(r.output()).find();
  }

  @Test
  void coap_crosses_real_links_and_crashes_cuts_repairs_and_loss_behave_like_a_network()
      throws Exception {
    HostPackages.ensureCommand("iptables", "iptables");
    try (Lab lab = Lab.open(work.resolve("lab"))) {
      long t0 = System.nanoTime();
      Link lan = lab.link("lan");
      Host a = lab.host("a", lan);
      Host b = lab.host("b", lan);
      Host c = lab.host("c", lan);
      LOG.info("lab with 1 link and 3 hosts up in {} ms", (System.nanoTime() - t0) / 1_000_000);

      List<NodeProcess.Ready> ready = startNodes(List.of(a, b, c));
      assertThat(ready.get(1).name()).isEqualTo("node-b");
      String idB = ready.get(1).id();
      String idC = ready.get(2).id();

      assertThat(meshNode(a, b.address(lan), idB, 5)).as("A reads B's /mesh/node").isTrue();
      assertThat(meshNode(a, c.address(lan), idC, 5)).as("A reads C's /mesh/node").isTrue();

      NodeProcess nodeC = lab.nodes().get(2);
      nodeC.kill9();
      assertThat(nodeC.awaitExit(Duration.ofSeconds(10))).isEqualTo(137);
      long asked = System.nanoTime();
      assertThat(meshNode(a, c.address(lan), idC, 2)).as("a killed C answers").isFalse();
      assertThat((System.nanoTime() - asked) / 1_000_000).as("ms to give up on C").isLessThan(5000);

      lab.cut(b, lan);
      assertThat(meshNode(a, b.address(lan), idB, 2)).as("B answers across a cut link").isFalse();
      lab.restore(b, lan);
      Awaitility.await("B answers again after the link is restored")
          .atMost(Duration.ofSeconds(15))
          .until(() -> meshNode(a, b.address(lan), idB, 2));

      b.loss(lan, 0.2);
      ExecutorService pool = Executors.newFixedThreadPool(20);
      try {
        List<CompletableFuture<Boolean>> requests = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
          requests.add(
              CompletableFuture.supplyAsync(() -> meshNode(a, b.address(lan), idB, 12), pool));
        }
        long answered = requests.stream().filter(CompletableFuture::join).count();
        long dropped = b.droppedPackets();
        LOG.info(
            "20% loss both ways on B: {}/20 requests answered, {} packets dropped",
            answered, dropped);
        assertThat(dropped).as("packets the loss rule dropped").isPositive();
        // 12 s leave libcoap 3 transmissions (RFC 7252 §4.2 back-off from 2-3 s): a request fails
        // only if all 3 round trips lose a packet, 0.36^3 = 5%; at least 15 of 20 is near certain.
        assertThat(answered).as("requests answered despite 20% loss").isGreaterThanOrEqualTo(15);
      } finally {
        pool.shutdownNow();
      }
    }
  }

  @Test
  void the_lab_lives_in_its_own_namespaces_and_leaves_nothing_behind() throws Exception {
    List<NodeProcess> nodes;
    try (Lab lab = Lab.open(work.resolve("lab"))) {
      assertThat(ProcessHandle.current().pid()).as("test JVM is PID 1 of its namespace").isOne();
      assertThat(links()).as("interfaces before the lab").containsExactly("lo");

      Link lan = lab.link("lan");
      Host a = lab.host("a", lan);
      Host b = lab.host("b", lan);
      Host c = lab.host("c", lan);
      assertThat(links()).containsExactlyInAnyOrder("lo", "lan", "a-lan", "b-lan", "c-lan");
      assertThat(a.exec("ip", "-o", "link").output()).contains(": lo:", ": eth0@").hasLineCount(2);
      assertThat(a.exec("ip", "-6", "-o", "addr", "show", "dev", "eth0").output())
          .as("IPv6 link-local usable at once (no DAD)")
          .contains("fe80::")
          .doesNotContain("tentative");
      assertThat(a.exec("ip", "route").output())
          .as("no default route: nothing can leave")
          .doesNotContain("default");

      NodeProcess alone = a.start("run", "--profile", profile("node-a").toString());
      alone.awaitReady(READY_TIMEOUT);
      LOG.info(
          "a: JVM start to ready line {} ms (one node starting alone in a namespace)",
          alone.nanosSinceStart() / 1_000_000);
      startNodes(List.of(b, c));
      nodes = lab.nodes();
      assertThat(nodes).hasSize(3).allMatch(NodeProcess::isAlive);
    }
    assertThat(links()).as("interfaces after close").containsExactly("lo");
    assertThat(run("ip", "netns", "list").output().trim()).as("namespaces after close").isEmpty();
    for (NodeProcess node : nodes) {
      assertThat(ProcessHandle.of(node.pid()).map(ProcessHandle::isAlive).orElse(false))
          .as("node %d alive after close", node.pid())
          .isFalse();
    }
  }

  /** Interface names in the test JVM's own network namespace. */
  private static Set<String> links() {
    return run("ip", "-o", "link")
        .output()
        .lines()
        .map(line -> line.split(":\\s+")[1].split("@")[0])
        .collect(Collectors.toSet());
  }

  private static CommandResult run(String... command) {
    return CommandResult.run(List.of(command), CommandResult.DEFAULT_TIMEOUT);
  }
}
