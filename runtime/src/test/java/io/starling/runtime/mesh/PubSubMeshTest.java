package io.starling.runtime.mesh;

import static org.assertj.core.api.Assertions.assertThat;

import io.starling.runtime.mesh.MeshSim.SimNode;
import io.starling.runtime.pubsub.Delivery;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Publish/subscribe over the in-memory mesh, in virtual time. */
class PubSubMeshTest {

  @TempDir Path dir;

  private MeshSim sim(long seed) throws Exception {
    return new MeshSim(dir, seed, NeighbourSettings.lan(), RoutingSettings.lan());
  }

  /** What one subscriber received, as "origin topic seq" strings in arrival order. */
  private static final class Inbox {
    final List<Delivery> got = new CopyOnWriteArrayList<>();

    List<Long> seqs(String originName, String topic) {
      return got.stream()
          .filter(d -> d.originName().equals(originName) && d.topic().equals(topic))
          .map(Delivery::seq)
          .toList();
    }
  }

  private static Inbox subscribe(MeshSim sim, SimNode node, String filter) {
    Inbox inbox = new Inbox();
    node.stack.pubsub().subscribe(filter, sim.scheduler.now(), inbox.got::add);
    return inbox;
  }

  private static void publish(SimNode node, String topic, int i) throws Exception {
    node.stack.pubsub().publish(topic, 0, ("m" + i).getBytes(StandardCharsets.UTF_8));
  }

  private static List<Long> oneTo(long n) {
    List<Long> out = new ArrayList<>();
    for (long i = 1; i <= n; i++) {
      out.add(i);
    }
    return out;
  }

  @Test
  void a_subscriber_two_hops_away_gets_every_message_once_in_order_and_the_relay_none()
      throws Exception {
    MeshSim sim = sim(1);
    SimNode a = sim.add("a");
    SimNode b = sim.add("b");
    SimNode c = sim.add("c");
    sim.link(a, b);
    sim.link(b, c);
    Inbox atC = subscribe(sim, c, "a/+");
    Inbox atB = subscribe(sim, b, "other/#");
    sim.startAll();
    sim.awaitConverged(Duration.ofSeconds(3));
    sim.advance(Duration.ofMillis(500)); // the subscription's advert reaches a

    for (int i = 1; i <= 10; i++) {
      publish(a, "a/air", i);
      sim.advance(Duration.ofMillis(100));
    }
    sim.advance(Duration.ofSeconds(1));

    assertThat(atC.seqs("a", "a/air")).isEqualTo(oneTo(10));
    assertThat(atC.got.get(0).hops()).isEqualTo(2);
    assertThat(new String(atC.got.get(9).body(), StandardCharsets.UTF_8)).isEqualTo("m10");
    assertThat(atB.got).isEmpty();
    assertThat(b.stack.pubsub().stats()).containsEntry("unsolicited", 0L);
    assertThat(c.stack.pubsub().stats()).containsEntry("duplicates", 0L);
  }

  @Test
  void subscribers_behind_one_relay_share_one_copy_on_the_publishers_link() throws Exception {
    MeshSim sim = sim(2);
    SimNode p = sim.add("p");
    SimNode r = sim.add("r");
    List<Inbox> inboxes = new ArrayList<>();
    sim.link(p, r);
    for (int i = 0; i < 3; i++) {
      SimNode s = sim.add("s" + i);
      sim.link(r, s);
      inboxes.add(subscribe(sim, s, "p/#"));
    }
    SimNode bystander = sim.add("x");
    sim.link(p, bystander);
    sim.startAll();
    sim.awaitConverged(Duration.ofSeconds(3));
    sim.advance(Duration.ofMillis(500));

    for (int i = 1; i <= 20; i++) {
      publish(p, "p/soil", i);
      sim.advance(Duration.ofMillis(50));
    }
    sim.advance(Duration.ofSeconds(1));

    for (Inbox inbox : inboxes) {
      assertThat(inbox.seqs("p", "p/soil")).isEqualTo(oneTo(20));
    }
    assertThat(sim.network.frames(p.address, r.address, Router.CHANNEL))
        .as("one copy per publication on the shared link")
        .isEqualTo(20);
    assertThat(sim.network.frames(p.address, bystander.address, Router.CHANNEL))
        .as("nothing toward a node without subscribers")
        .isZero();
  }

  @Test
  void a_partitioned_subscriber_fetches_what_it_missed_when_the_link_heals() throws Exception {
    MeshSim sim = sim(3);
    SimNode a = sim.add("a");
    SimNode b = sim.add("b");
    SimNode c = sim.add("c");
    sim.link(a, b);
    sim.link(b, c);
    Inbox atC = subscribe(sim, c, "a/#");
    sim.startAll();
    sim.awaitConverged(Duration.ofSeconds(3));
    sim.advance(Duration.ofMillis(500));
    publish(a, "a/air", 1);
    sim.advance(Duration.ofMillis(200));

    sim.cut(b, c);
    for (int i = 2; i <= 30; i++) {
      publish(a, "a/air", i);
      sim.advance(Duration.ofMillis(100));
    }
    sim.heal(b, c);
    sim.awaitConverged(Duration.ofSeconds(5));
    publish(a, "a/air", 31);
    sim.advance(Duration.ofSeconds(3));

    assertThat(atC.seqs("a", "a/air")).isEqualTo(oneTo(31));
    assertThat(c.stack.pubsub().stats().get("fetchesSent")).isPositive();
    assertThat(c.stack.pubsub().stats()).containsEntry("lost", 0L);
  }

  @Test
  void a_restarted_subscriber_resumes_where_it_stopped_without_duplicates() throws Exception {
    MeshSim sim = sim(4);
    SimNode a = sim.add("a");
    SimNode c = sim.add("c");
    sim.link(a, c);
    List<Delivery> all = new CopyOnWriteArrayList<>();
    c.stack.pubsub().subscribe("a/#", sim.scheduler.now(), all::add);
    sim.startAll();
    sim.awaitConverged(Duration.ofSeconds(3));
    sim.advance(Duration.ofMillis(500));
    for (int i = 1; i <= 10; i++) {
      publish(a, "a/air", i);
      sim.advance(Duration.ofMillis(100));
    }

    c.stack.close(); // a clean stop: the cursor is written
    sim.network.crash(c.address);
    for (int i = 11; i <= 20; i++) {
      publish(a, "a/air", i);
      sim.advance(Duration.ofMillis(100));
    }
    sim.restart(c);
    c.stack.pubsub().subscribe("a/#", sim.scheduler.now(), all::add);
    sim.awaitConverged(Duration.ofSeconds(5));
    sim.advance(Duration.ofMillis(500));
    publish(a, "a/air", 21);
    sim.advance(Duration.ofSeconds(3));

    assertThat(all.stream().map(Delivery::seq).toList()).isEqualTo(oneTo(21));
  }

  @Test
  void a_burst_goes_out_in_batches_under_one_signature_and_each_message_stays_verifiable_alone()
      throws Exception {
    MeshSim sim = sim(5);
    SimNode a = sim.add("a");
    SimNode b = sim.add("b");
    SimNode c = sim.add("c");
    sim.link(a, b);
    sim.link(b, c);
    Inbox atC = subscribe(sim, c, "a/#");
    sim.startAll();
    sim.awaitConverged(Duration.ofSeconds(3));
    sim.advance(Duration.ofMillis(500));

    for (int i = 1; i <= 100; i++) { // published faster than they can be sent: batched
      publish(a, "a/air", i);
    }
    sim.advance(Duration.ofSeconds(1));

    assertThat(atC.seqs("a", "a/air")).isEqualTo(oneTo(100));
    long batches = a.stack.pubsub().stats().get("batches");
    assertThat(batches).isBetween(4L, 10L); // at most 32 per batch
    assertThat(sim.network.frames(a.address, b.address, Router.CHANNEL)).isLessThan(12);

    // While c is cut off, another burst; after the link heals, c fetches those messages from
    // a's log one by one, each with its batch's signed digest list.
    sim.cut(b, c);
    for (int i = 101; i <= 160; i++) {
      publish(a, "a/air", i);
    }
    sim.advance(Duration.ofSeconds(1));
    sim.heal(b, c);
    sim.awaitConverged(Duration.ofSeconds(5));
    publish(a, "a/air", 161);
    sim.advance(Duration.ofSeconds(3));

    assertThat(atC.seqs("a", "a/air")).isEqualTo(oneTo(161));
    assertThat(c.stack.pubsub().stats()).containsEntry("rejected", 0L).containsEntry("lost", 0L);
  }

  @Test
  void a_message_slipped_into_a_signed_batch_is_refused() throws Exception {
    MeshSim sim = sim(6);
    SimNode a = sim.add("a");
    SimNode c = sim.add("c");
    sim.link(a, c);
    Inbox atC = subscribe(sim, c, "a/#");
    sim.startAll();
    sim.awaitConverged(Duration.ofSeconds(3));
    sim.advance(Duration.ofMillis(500));
    publish(a, "a/air", 1);
    sim.advance(Duration.ofMillis(100));

    byte[] one =
        new io.starling.runtime.pubsub.Publication("a/air", 7, 2, 0, new byte[] {1}).encode();
    byte[] two =
        new io.starling.runtime.pubsub.Publication("a/air", 7, 3, 0, new byte[] {2}).encode();
    byte[] forged =
        new io.starling.runtime.pubsub.Publication("a/air", 7, 3, 0, new byte[] {9}).encode();
    byte[] envelope =
        io.starling.runtime.wire.cose.StarlingEnvelope.sign(
            a.identity,
            1_000_000,
            sim.scheduler.now(),
            io.starling.runtime.pubsub.Batch.FORMAT,
            io.starling.runtime.pubsub.Batch.digestList(List.of(one, two)));
    byte[] datagram = io.starling.runtime.pubsub.Batch.datagram(envelope, List.of(one, forged));
    a.stack
        .router()
        .sendMany(
            java.util.Set.of(c.id()), io.starling.runtime.pubsub.PubSubService.PUBS, datagram);
    sim.advance(Duration.ofMillis(100));

    assertThat(c.stack.pubsub().stats()).containsEntry("rejected.NOT_IN_BATCH", 1L);
    assertThat(atC.got).noneMatch(d -> d.body().length == 1 && d.body()[0] == 9);
  }

  @Test
  void every_message_reaches_each_matching_subscriber_exactly_once_in_order_despite_failures()
      throws Exception {
    // Six seeds, two at a time: each mesh has its own virtual clock, so they run in parallel.
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(2);
    try {
      List<java.util.concurrent.Future<?>> runs = new ArrayList<>();
      for (long seed = 1; seed <= 6; seed++) {
        long s = seed;
        runs.add(
            pool.submit(
                () -> {
                  runChaos(s);
                  return null;
                }));
      }
      for (java.util.concurrent.Future<?> run : runs) {
        try {
          run.get();
        } catch (java.util.concurrent.ExecutionException e) {
          if (e.getCause() instanceof AssertionError a) {
            throw a;
          }
          throw e;
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * 30 nodes, 5 publishers, 5 subscribers with different filters; for 60 simulated seconds links
   * fail and heal and the mesh partitions, while every publisher publishes twice a second. Then
   * everything heals and each publisher publishes once more.
   */
  private void runChaos(long seed) throws Exception {
    MeshSim sim =
        new MeshSim(
            dir.resolve("chaos" + seed), seed, NeighbourSettings.lan(), RoutingSettings.lan());
    Random random = new Random(seed);
    sim.add("n", 30);
    sim.randomGeometric(4, random);
    List<SimNode> nodes = new ArrayList<>(sim.nodes);
    java.util.Collections.shuffle(nodes, random);
    List<SimNode> publishers = nodes.subList(0, 5);
    List<SimNode> subscribers = nodes.subList(5, 10);
    String[] filters = {"#", "+/air", "p0/#", "p1/air", "+/+"};
    Map<SimNode, Inbox> inboxes = new LinkedHashMap<>();
    for (int i = 0; i < subscribers.size(); i++) {
      inboxes.put(subscribers.get(i), subscribe(sim, subscribers.get(i), filters[i]));
    }
    sim.startAll();
    sim.awaitConverged(Duration.ofSeconds(10));
    sim.advance(Duration.ofSeconds(1));

    List<SimNode[]> cut = new ArrayList<>();
    Map<String, Integer> published = new LinkedHashMap<>();
    for (int tick = 0; tick < 120; tick++) { // 60 s in 500 ms steps
      for (int p = 0; p < publishers.size(); p++) {
        String topic = "p" + p + "/" + (p % 2 == 0 ? "air" : "soil");
        publish(publishers.get(p), topic, tick);
        published.merge(topic, 1, Integer::sum);
      }
      if (tick % 5 == 0) {
        if (random.nextBoolean() || cut.isEmpty()) {
          for (int k = 0; k < 1 + random.nextInt(4); k++) {
            SimNode x = sim.nodes.get(random.nextInt(sim.nodes.size()));
            if (!x.links.isEmpty()) {
              SimNode y = new ArrayList<>(x.links).get(random.nextInt(x.links.size()));
              sim.cut(x, y);
              cut.add(new SimNode[] {x, y});
            }
          }
        } else {
          SimNode[] l = cut.remove(random.nextInt(cut.size()));
          sim.heal(l[0], l[1]);
        }
      }
      sim.advance(Duration.ofMillis(500));
    }
    cut.forEach(l -> sim.heal(l[0], l[1]));
    sim.awaitConverged(Duration.ofSeconds(10));
    for (int p = 0; p < publishers.size(); p++) {
      String topic = "p" + p + "/" + (p % 2 == 0 ? "air" : "soil");
      publish(publishers.get(p), topic, 999);
      published.merge(topic, 1, Integer::sum);
    }
    sim.advance(Duration.ofSeconds(15));

    for (int i = 0; i < subscribers.size(); i++) {
      Inbox inbox = inboxes.get(subscribers.get(i));
      for (int p = 0; p < publishers.size(); p++) {
        String topic = "p" + p + "/" + (p % 2 == 0 ? "air" : "soil");
        boolean wanted = io.starling.runtime.pubsub.Topics.matches(filters[i], topic);
        List<Long> got = inbox.seqs(publishers.get(p).name, topic);
        if (wanted) {
          assertThat(got)
              .as(
                  "seed %d: %s (%s) from %s on %s",
                  seed, subscribers.get(i), filters[i], publishers.get(p), topic)
              .isEqualTo(oneTo(published.get(topic)));
        } else {
          assertThat(got).isEmpty();
        }
      }
    }
  }
}
