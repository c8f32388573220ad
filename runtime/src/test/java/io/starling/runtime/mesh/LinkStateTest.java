package io.starling.runtime.mesh;

import static org.assertj.core.api.Assertions.assertThat;

import io.starling.runtime.mesh.MeshSim.SimNode;
import io.starling.runtime.wire.cose.StarlingEnvelope;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Link-state routing and forwarding over the in-memory network, in virtual time. */
class LinkStateTest {

  @TempDir Path dir;

  private MeshSim sim(long seed) throws Exception {
    return new MeshSim(dir, seed, NeighbourSettings.lan(), RoutingSettings.lan());
  }

  private static List<SimNode> chain(MeshSim sim, String... names) throws Exception {
    List<SimNode> out = new ArrayList<>();
    for (String n : names) {
      SimNode node = sim.add(n);
      if (!out.isEmpty()) {
        sim.link(out.get(out.size() - 1), node);
      }
      out.add(node);
    }
    return out;
  }

  private static MeshPing.Reply ping(MeshSim sim, SimNode from, SimNode to) {
    CompletableFuture<MeshPing.Reply> f = from.stack.ping().ping(to.id(), Duration.ofSeconds(1));
    while (!f.isDone()) {
      sim.advance(Duration.ofMillis(5));
    }
    return f.join();
  }

  @Test
  void a_chain_converges_and_a_ping_crosses_it_hop_by_hop() throws Exception {
    MeshSim sim = sim(1);
    List<SimNode> n = chain(sim, "a", "b", "c", "d");
    sim.startAll();

    Duration took = sim.awaitConverged(Duration.ofSeconds(3));

    assertThat(took).isLessThan(Duration.ofSeconds(2));
    SimNode a = n.get(0);
    SimNode d = n.get(3);
    Route route = a.routing().routes().get(d.id());
    assertThat(route.path()).containsExactly(n.get(1).id(), n.get(2).id(), d.id());
    assertThat(route.via()).isEqualTo(n.get(1).id());
    assertThat(route.cost()).isEqualTo(3 * RouteCosts.PERFECT);
    Topology topology = a.routing().topology();
    assertThat(topology.links()).hasSize(3);
    assertThat(topology.nodes().values()).containsExactlyInAnyOrder("a", "b", "c", "d");

    MeshPing.Reply reply = ping(sim, a, d);
    assertThat(reply.outcome()).isEqualTo(MeshPing.Outcome.REPLIED);
    assertThat(reply.hopsThere()).isEqualTo(3);
    assertThat(reply.hopsBack()).isEqualTo(3);
    assertThat(n.get(1).stack.router().stats().forwarded()).isEqualTo(2); // ping and pong
  }

  @Test
  void a_forged_advert_is_refused_and_counted_and_a_one_sided_link_does_not_count()
      throws Exception {
    MeshSim sim = sim(2);
    List<SimNode> n = chain(sim, "a", "b", "c");
    SimNode mallory = sim.add("mallory"); // a member of the mesh, but a liar
    sim.link(mallory, n.get(0));
    sim.startAll();
    sim.awaitConverged(Duration.ofSeconds(3));
    SimNode a = n.get(0);
    SimNode c = n.get(2);
    MeshTransport fromMallory = sim.network.transport(mallory.address);

    // Links claimed for another node (b), signed by mallory: refused.
    byte[] forged =
        advertFrame(
            mallory,
            new Advert("sim", n.get(1).id(), "b", List.of(new Advert.Link(mallory.id(), 1))));
    fromMallory.send(a.address, LinkStateService.CHANNEL, forged);
    sim.advance(Duration.ofMillis(50));

    assertThat(a.routing().stats().rejected()).containsEntry("FORGED", 1L);
    assertThat(a.routing().topology().links())
        .noneMatch(l -> l.a().equals(mallory.id()) && l.b().equals(n.get(1).id()))
        .noneMatch(l -> l.b().equals(mallory.id()) && l.a().equals(n.get(1).id()));

    // A link to c claimed by mallory alone, cheaper than the real path: c does not report it.
    byte[] oneSided =
        advertFrame(
            mallory,
            new Advert(
                "sim",
                mallory.id(),
                "mallory",
                List.of(new Advert.Link(a.id(), 1), new Advert.Link(c.id(), 1))));
    fromMallory.send(a.address, LinkStateService.CHANNEL, oneSided);
    sim.advance(Duration.ofMillis(50));

    assertThat(a.routing().stats().accepted()).isPositive();
    assertThat(a.routing().topology().links())
        .noneMatch(l -> l.a().equals(c.id()) && l.b().equals(mallory.id()))
        .noneMatch(l -> l.b().equals(c.id()) && l.a().equals(mallory.id()));
    assertThat(a.routing().routes().get(c.id()).via()).isEqualTo(n.get(1).id());
    assertThat(sim.notConverged()).isEmpty();
  }

  private static byte[] advertFrame(SimNode signer, Advert advert) throws Exception {
    byte[] signed =
        StarlingEnvelope.sign(
            signer.identity,
            Long.MAX_VALUE / 2 + System.nanoTime() % 1000,
            Instant.now(),
            LinkStateService.ADVERT_FORMAT,
            advert.toJson(),
            java.util.Optional.of(signer.certificate));
    byte[] frame = new byte[signed.length + 1];
    frame[0] = LinkStateService.ADVERT;
    System.arraycopy(signed, 0, frame, 1, signed.length);
    return frame;
  }

  @Test
  void traffic_moves_to_the_other_relay_within_two_seconds_of_a_relay_crash() throws Exception {
    MeshSim sim = sim(3);
    SimNode a1 = sim.add("a1");
    SimNode a2 = sim.add("a2");
    SimNode b1 = sim.add("b1");
    SimNode b2 = sim.add("b2");
    SimNode r1 = sim.add("r1");
    SimNode r2 = sim.add("r2");
    for (List<SimNode> lan : List.of(List.of(a1, a2, r1, r2), List.of(b1, b2, r1, r2))) {
      for (int i = 0; i < lan.size(); i++) {
        for (int j = i + 1; j < lan.size(); j++) {
          sim.link(lan.get(i), lan.get(j));
        }
      }
    }
    sim.startAll();
    sim.awaitConverged(Duration.ofSeconds(3));
    Route before = a1.routing().routes().get(b2.id());
    assertThat(before.hops()).isEqualTo(2);
    SimNode relay = before.via().equals(r1.id()) ? r1 : r2;
    SimNode other = relay == r1 ? r2 : r1;
    assertThat(ping(sim, a1, b2).outcome()).isEqualTo(MeshPing.Outcome.REPLIED);

    Instant killed = sim.scheduler.now();
    sim.kill(relay);
    // A ping every 50 ms for 4 s: traffic flows again when the first ping sent after the kill
    // comes back, and from then on every ping does.
    List<Instant> sent = new ArrayList<>();
    List<CompletableFuture<MeshPing.Reply>> replies = new ArrayList<>();
    for (int i = 0; i < 80; i++) {
      sent.add(sim.scheduler.now());
      replies.add(a1.stack.ping().ping(b2.id(), Duration.ofSeconds(1)));
      sim.advance(Duration.ofMillis(50));
    }
    sim.advance(Duration.ofSeconds(1));
    int first = -1;
    for (int i = 0; i < replies.size(); i++) {
      MeshPing.Reply r = replies.get(i).join();
      if (r.outcome() == MeshPing.Outcome.REPLIED && first < 0) {
        first = i;
      }
      if (first >= 0) {
        assertThat(r.outcome())
            .as("ping %d after the route healed", i)
            .isEqualTo(MeshPing.Outcome.REPLIED);
      }
    }
    assertThat(first).as("some ping got through").isNotNegative();
    Duration healed =
        Duration.between(killed, sent.get(first).plus(replies.get(first).join().rtt()));

    assertThat(healed).isLessThanOrEqualTo(Duration.ofSeconds(2));
    assertThat(a1.routing().routes().get(b2.id()).via()).isEqualTo(other.id());
    sim.awaitConverged(Duration.ofSeconds(1));
  }

  @Test
  void partitions_keep_working_on_each_side_and_merge_when_healed() throws Exception {
    MeshSim sim = sim(4);
    List<SimNode> left = chain(sim, "l0", "l1", "l2");
    List<SimNode> right = chain(sim, "r0", "r1", "r2");
    sim.link(left.get(2), right.get(0));
    sim.startAll();
    sim.awaitConverged(Duration.ofSeconds(3));

    sim.cut(left.get(2), right.get(0));
    sim.awaitConverged(Duration.ofSeconds(3));
    assertThat(sim.components().values()).containsOnly(0, 1);
    assertThat(left.get(0).routing().routes()).containsKeys(left.get(2).id());
    assertThat(left.get(0).routing().routes()).doesNotContainKeys(right.get(0).id());
    assertThat(ping(sim, right.get(2), right.get(0)).outcome()).isEqualTo(MeshPing.Outcome.REPLIED);
    assertThat(ping(sim, left.get(0), right.get(2)).outcome()).isEqualTo(MeshPing.Outcome.NO_ROUTE);

    sim.heal(left.get(2), right.get(0));
    sim.awaitConverged(Duration.ofSeconds(3));
    assertThat(ping(sim, left.get(0), right.get(2)).hopsThere()).isEqualTo(5);
  }

  @Test
  void floods_lost_to_twenty_percent_loss_are_repaired() throws Exception {
    MeshSim sim = sim(5);
    sim.network.loss(0.2);
    chain(sim, "a", "b", "c", "d", "e", "f");
    sim.startAll();

    sim.awaitConverged(Duration.ofSeconds(10));

    SimNode a = sim.nodes.get(0);
    assertThat(a.routing().topology().nodes()).hasSize(6);
    long digest = a.routing().digest();
    assertThat(sim.nodes).allSatisfy(n -> assertThat(n.routing().digest()).isEqualTo(digest));
  }

  @Test
  void routes_stay_loop_free_under_random_failures() throws Exception {
    for (long seed = 1; seed <= 8; seed++) {
      MeshSim sim =
          new MeshSim(
              dir.resolve("s" + seed), seed, NeighbourSettings.lan(), RoutingSettings.lan());
      java.util.Random random = new java.util.Random(seed);
      sim.add("n", 20);
      sim.randomGeometric(4, random);
      sim.startAll();
      sim.awaitConverged(Duration.ofSeconds(5));
      List<SimNode> cuts = new ArrayList<>();
      for (int round = 0; round < 6; round++) {
        SimNode x = sim.nodes.get(random.nextInt(sim.nodes.size()));
        switch (random.nextInt(3)) {
          case 0 -> {
            if (x.alive && sim.nodes.stream().filter(n -> n.alive).count() > 12) {
              sim.kill(x);
            }
          }
          case 1 -> {
            if (!x.links.isEmpty()) {
              SimNode y = new ArrayList<>(x.links).get(random.nextInt(x.links.size()));
              sim.cut(x, y);
              cuts.add(x);
              cuts.add(y);
            }
          }
          default -> {
            if (!cuts.isEmpty()) {
              sim.heal(cuts.remove(0), cuts.remove(0));
            }
          }
        }
        // A few random moments while routes converge: hop-by-hop walks must never loop.
        for (int t = 0; t < 3; t++) {
          sim.advance(Duration.ofMillis(random.nextInt(400)));
          assertNoLoop(sim);
        }
        sim.awaitConverged(Duration.ofSeconds(5));
      }
    }
  }

  /** Even before convergence, following next hops may dead-end but must never revisit a node. */
  private static void assertNoLoop(MeshSim sim) {
    for (SimNode from : sim.nodes) {
      for (SimNode to : sim.nodes) {
        if (from.alive && to != from) {
          sim.walk(from, to)
              .filter(why -> why.startsWith("routing loop"))
              .ifPresent(
                  why -> {
                    throw new AssertionError(why);
                  });
        }
      }
    }
  }

  @Test
  void a_hundred_nodes_converge_and_again_after_a_tenth_are_killed() throws Exception {
    MeshSim sim = sim(100);
    java.util.Random random = new java.util.Random(100);
    sim.add("n", 100);
    sim.randomGeometric(6, random);
    sim.startAll();

    Duration first = sim.awaitConverged(Duration.ofSeconds(10));
    for (SimNode n : sim.nodes) {
      assertThat(n.routing().routes()).as("%s reaches everyone", n).hasSize(99);
    }
    List<SimNode> victims = new ArrayList<>(sim.nodes);
    java.util.Collections.shuffle(victims, random);
    victims.subList(0, 10).forEach(sim::kill);
    Duration second = sim.awaitConverged(Duration.ofSeconds(10));

    assertThat(first).isLessThan(Duration.ofSeconds(6));
    assertThat(second).isLessThan(Duration.ofSeconds(4));
    Map<SimNode, Integer> parts = sim.components();
    assertThat(parts).hasSize(90);
  }
}
