package io.starling.runtime.mesh;

import static org.assertj.core.api.Assertions.assertThat;

import io.starling.runtime.identity.NodeId;
import io.starling.runtime.identity.NodeIdentity;
import io.starling.runtime.identity.SequenceCounter;
import io.starling.runtime.schedule.ManualScheduler;
import io.starling.runtime.trust.EnvelopeVerifier;
import io.starling.runtime.trust.MeshCa;
import io.starling.runtime.trust.ReplayGuard;
import io.starling.runtime.trust.TrustStore;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The neighbour protocol over an in-memory network in virtual time. */
class NeighbourServiceTest {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final NeighbourSettings LAN = NeighbourSettings.lan();

  @TempDir Path dir;

  private final ManualScheduler scheduler = new ManualScheduler(Instant.now());
  private final MemoryNetwork network = new MemoryNetwork(scheduler, 42);
  private final List<String> events = new CopyOnWriteArrayList<>();
  private MeshCa ca;

  private record Node(
      String name, InetSocketAddress address, NodeIdentity identity, NeighbourService service) {
    NodeId id() {
      return identity.id();
    }

    long up() {
      return service.neighbours().stream().filter(n -> n.state() == Neighbour.State.UP).count();
    }

    Optional<Neighbour> neighbour(Node other) {
      return service.neighbours().stream().filter(n -> n.id().equals(other.id())).findFirst();
    }
  }

  @BeforeEach
  void ca() throws Exception {
    ca = MeshCa.init(dir.resolve("ca"), "test-ca", Duration.ofDays(3650));
  }

  private Node node(String name, int host) throws Exception {
    return node(name, host, ca, "greenhouse", NodeIdentity.generate(RANDOM));
  }

  private Node node(String name, int host, MeshCa issuer, String mesh, NodeIdentity identity)
      throws Exception {
    InetSocketAddress address = new InetSocketAddress("169.254.0." + host, 5683);
    byte[] cert =
        issuer.issue(name, identity.publicKey(), List.of("sensors"), Duration.ofDays(30)).der();
    NeighbourService service =
        new NeighbourService(
            identity,
            Optional.of(cert),
            SequenceCounter.open(dir.resolve(name + "-" + identity.id() + ".seq")),
            mesh,
            name,
            5683,
            new EnvelopeVerifier(
                TrustStore.forCa(ca.certificate(), null),
                ReplayGuard.defaults(),
                scheduler.clock()),
            network.transport(address),
            scheduler,
            scheduler.clock(),
            LAN);
    service.addListener(
        new NeighbourListener() {
          @Override
          public void up(Neighbour n) {
            events.add(name + " sees " + n.name() + " UP at " + scheduler.now());
          }

          @Override
          public void down(Neighbour n) {
            events.add(name + " sees " + n.name() + " DOWN at " + scheduler.now());
          }
        });
    return new Node(name, address, identity, service);
  }

  private static void link(Node... nodes) {
    for (Node a : nodes) {
      for (Node b : nodes) {
        if (a != b) {
          a.service().addCandidate(b.address());
        }
      }
      a.service().start();
    }
  }

  @Test
  void nodes_on_one_link_become_neighbours_of_each_other() throws Exception {
    Node a = node("a", 1);
    Node b = node("b", 2);
    Node c = node("c", 3);
    link(a, b, c);

    scheduler.advance(Duration.ofMillis(500));

    assertThat(List.of(a.up(), b.up(), c.up())).containsOnly(2L);
    Neighbour seenByA = a.neighbour(b).orElseThrow();
    assertThat(seenByA.name()).isEqualTo("b");
    assertThat(seenByA.groups()).containsExactly("sensors");
    assertThat(seenByA.address()).isEqualTo(b.address());
  }

  @Test
  void a_crashed_neighbour_is_down_everywhere_within_two_seconds() throws Exception {
    Node a = node("a", 1);
    Node b = node("b", 2);
    Node c = node("c", 3);
    link(a, b, c);
    scheduler.advance(Duration.ofSeconds(2));

    Instant crash = scheduler.now();
    network.crash(c.address()); // kill -9: no goodbye
    Duration noticed = Duration.ZERO;
    while (a.neighbour(c).orElseThrow().state() == Neighbour.State.UP
        || b.neighbour(c).orElseThrow().state() == Neighbour.State.UP) {
      scheduler.advance(Duration.ofMillis(10));
      noticed = Duration.between(crash, scheduler.now());
      assertThat(noticed).isLessThan(Duration.ofSeconds(3));
    }

    assertThat(noticed).isLessThanOrEqualTo(Duration.ofSeconds(2));
    assertThat(a.neighbour(b).orElseThrow().state()).isEqualTo(Neighbour.State.UP);
  }

  @Test
  void a_restarted_node_comes_back_up() throws Exception {
    NodeIdentity cId = NodeIdentity.generate(RANDOM);
    Node a = node("a", 1);
    Node c = node("c", 3, ca, "greenhouse", cId);
    link(a, c);
    scheduler.advance(Duration.ofSeconds(1));
    network.crash(c.address());
    scheduler.advance(Duration.ofSeconds(2));
    assertThat(a.neighbour(c).orElseThrow().state()).isEqualTo(Neighbour.State.DOWN);

    network.revive(c.address());
    Node again = node("c", 3, ca, "greenhouse", cId); // same key and sequence file
    again.service().addCandidate(a.address());
    again.service().start();
    scheduler.advance(Duration.ofMillis(500));

    assertThat(a.neighbour(again).orElseThrow().state()).isEqualTo(Neighbour.State.UP);
  }

  @Test
  void a_neighbour_back_from_a_cut_starts_with_a_clean_loss_estimate() throws Exception {
    Node a = node("a", 1);
    Node b = node("b", 2);
    link(a, b);
    scheduler.advance(Duration.ofSeconds(1));
    network.crash(b.address()); // a cut: b keeps counting its hellos, a hears none of them
    scheduler.advance(Duration.ofSeconds(3));
    assertThat(a.neighbour(b).orElseThrow().state()).isEqualTo(Neighbour.State.DOWN);

    network.revive(b.address());
    scheduler.advance(Duration.ofMillis(1000));

    Neighbour back = a.neighbour(b).orElseThrow();
    assertThat(back.state()).isEqualTo(Neighbour.State.UP);
    // the ~15 hellos lost during the cut are not held against the link now
    assertThat(back.loss()).isZero();
  }

  @Test
  void a_starting_node_reaches_the_link_by_multicast_without_knowing_anyone() throws Exception {
    Node a = node("a", 1);
    Node b = node("b", 2);
    a.service().start(); // a knows nobody and nobody knows a
    scheduler.advance(Duration.ofSeconds(1));

    b.service().announceTo(new InetSocketAddress("224.0.1.187", 5683), 3);
    b.service().start();
    scheduler.advance(Duration.ofMillis(50));

    assertThat(a.neighbour(b).orElseThrow().state())
        .as("b admitted on its first hello")
        .isEqualTo(Neighbour.State.UP);
    scheduler.advance(Duration.ofMillis(400));
    assertThat(b.neighbour(a).orElseThrow().state())
        .as("a answered by unicast")
        .isEqualTo(Neighbour.State.UP);
  }

  @Test
  void a_goodbye_marks_the_node_down_at_once() throws Exception {
    Node a = node("a", 1);
    Node b = node("b", 2);
    link(a, b);
    scheduler.advance(Duration.ofSeconds(1));

    b.service().close();
    scheduler.advance(Duration.ofMillis(5));

    assertThat(a.neighbour(b).orElseThrow().state()).isEqualTo(Neighbour.State.DOWN);
  }

  @Test
  void twenty_percent_loss_for_sixty_seconds_causes_no_false_down() throws Exception {
    Node a = node("a", 1);
    Node b = node("b", 2);
    Node c = node("c", 3);
    Node d = node("d", 4);
    link(a, b, c, d);
    scheduler.advance(Duration.ofSeconds(1));
    events.clear();

    network.loss(0.2);
    scheduler.advance(Duration.ofSeconds(60));

    assertThat(events).as("state changes under 20%% loss").isEmpty();
    double dropRatio = (double) network.dropped / (network.dropped + network.delivered);
    assertThat(dropRatio).as("the network really dropped ~20%%").isBetween(0.15, 0.25);
    assertThat(a.neighbour(b).orElseThrow().loss()).isBetween(0.05, 0.40);
  }

  @Test
  void measures_the_round_trip_time_from_echoes() throws Exception {
    network.delay(Duration.ofMillis(15));
    Node a = node("a", 1);
    Node b = node("b", 2);
    link(a, b);

    scheduler.advance(Duration.ofSeconds(3));

    Duration rtt = a.neighbour(b).orElseThrow().rtt();
    assertThat(rtt).isBetween(Duration.ofMillis(25), Duration.ofMillis(35));
  }

  @Test
  void a_node_of_another_mesh_never_becomes_a_neighbour_and_is_counted() throws Exception {
    Node a = node("a", 1);
    Node stranger = node("stranger", 9, ca, "workshop", NodeIdentity.generate(RANDOM));
    link(a, stranger);

    scheduler.advance(Duration.ofSeconds(2));

    assertThat(a.service().neighbours()).isEmpty();
    assertThat(a.service().rejected().get("OTHER_MESH")).isGreaterThan(5);
  }

  @Test
  void a_node_with_a_certificate_of_another_ca_never_becomes_a_neighbour() throws Exception {
    MeshCa other = MeshCa.init(dir.resolve("other-ca"), "other-ca", Duration.ofDays(3650));
    Node a = node("a", 1);
    Node intruder = node("intruder", 9, other, "greenhouse", NodeIdentity.generate(RANDOM));
    link(a, intruder);

    scheduler.advance(Duration.ofSeconds(2));

    assertThat(a.service().neighbours()).isEmpty();
    assertThat(a.service().rejected().get("CERTIFICATE_OTHER_CA")).isGreaterThan(5);
  }

  @Test
  void hellos_carry_the_certificate_only_until_the_neighbour_echoes_them() throws Exception {
    Node a = node("a", 1);
    Node b = node("b", 2);
    InetSocketAddress silent = new InetSocketAddress("169.254.0.99", 5683);
    a.service().addCandidate(silent); // a candidate that never answers
    link(a, b);

    scheduler.advance(Duration.ofSeconds(1));

    List<Integer> toB = network.sizes(a.address(), b.address());
    List<Integer> toSilent = network.sizes(a.address(), silent);
    assertThat(toB.get(0)).as("first hello to b, with certificate").isGreaterThan(500);
    assertThat(toB.get(toB.size() - 1)).as("once b echoes a").isLessThan(300);
    assertThat(toSilent).allMatch(size -> size > 500);
  }
}
