package io.starling.bench;

import io.starling.runtime.driver.DriverRegistry;
import io.starling.runtime.mesh.Neighbour;
import io.starling.runtime.mesh.NeighbourListener;
import io.starling.runtime.node.StarlingNode;
import io.starling.runtime.node.TopologyView;
import io.starling.runtime.profile.NetworkSettings;
import io.starling.runtime.profile.NodeSettings;
import io.starling.runtime.profile.Profile;
import io.starling.runtime.profile.SecuritySettings;
import io.starling.runtime.pubsub.PubSubService;
import io.starling.runtime.trust.DeviceFiles;
import io.starling.runtime.trust.MeshCa;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Starling: a chain of enrolled nodes in this JVM on loopback, static peers between neighbours
 * only, no discovery, no sensors. The first node publishes, the last subscribes; every message is
 * signed by the publisher (Ed25519 COSE_Sign1), appended to its on-disk topic log, routed hop by
 * hop as CoAP NON datagrams and verified at the subscriber. Nodes run with their own threads as in
 * {@code starling run}: one CoAP protocol thread, one timer, one UDP receiver, one UDP sender each.
 */
final class StarlingPipe implements Pipe {

  static final String TOPIC = "bench/starling";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final int hops;
  private final List<StarlingNode> nodes = new ArrayList<>();
  private final StarlingNode publisher;
  private final StarlingNode subscriber;
  private final PubSubService.Subscription subscription;
  private final AtomicLong downs = new AtomicLong();
  private volatile Recorder recorder;

  /**
   * Starts {@code hops + 1} nodes named {@code <prefix>-0..}, enrolled by {@code ca}, under {@code
   * dir}, and waits until the publisher sees the subscription.
   */
  StarlingPipe(Path dir, MeshCa ca, String prefix, int hops) throws Exception {
    this.hops = hops;
    try {
      for (int i = 0; i <= hops; i++) {
        nodes.add(start(dir, ca, prefix + "-" + i));
      }
      for (int i = 0; i < hops; i++) {
        nodes.get(i).addPeer(nodes.get(i + 1).coapAddress());
      }
      publisher = nodes.get(0);
      subscriber = nodes.get(hops);
      await(
          "routes along the chain",
          () ->
              publisher.routes().routes().size() == hops
                  && subscriber.routes().routes().size() == hops
                  && publisher.routes().routes().stream().anyMatch(e -> e.hops() == hops));
      for (StarlingNode n : nodes) {
        n.addNeighbourListener(
            new NeighbourListener() {
              @Override
              public void up(Neighbour neighbour) {}

              @Override
              public void down(Neighbour neighbour) {
                downs.incrementAndGet();
              }
            });
      }
      subscription =
          subscriber.subscribe(
              TOPIC,
              d -> {
                Recorder r = recorder;
                if (r != null) {
                  r.received(d.body());
                }
              });
      String subscriberName = subscriber.profile().node().name();
      await(
          "the subscription in the publisher's topology",
          () -> {
            for (TopologyView.Node n : publisher.topology().nodes()) {
              if (n.name().equals(subscriberName) && n.subscriptions().contains(TOPIC)) {
                return true;
              }
            }
            return false;
          });
    } catch (Exception | Error e) {
      nodes.forEach(StarlingNode::close);
      throw e;
    }
  }

  /** A node with no sensors or actuators, enrolled by {@code ca} into {@code dir/<name>}. */
  static StarlingNode start(Path dir, MeshCa ca, String name) throws Exception {
    Path device = dir.resolve(name);
    DeviceFiles.enroll(ca, device, name, List.of("sensors"), Duration.ofDays(1), RANDOM);
    Profile profile =
        new Profile(
            device.resolve("profile.yaml"),
            new NodeSettings(name, "bench", device.resolve("state")),
            new NetworkSettings("127.0.0.1", 0, List.of(), List.of(), false),
            new SecuritySettings(
                device.resolve(DeviceFiles.NODE_KEY),
                device.resolve(DeviceFiles.NODE_CERT),
                device.resolve(DeviceFiles.CA_CERT),
                List.of(),
                null),
            List.of(),
            List.of(),
            List.of());
    return StarlingNode.builder(profile)
        .drivers(DriverRegistry.of(List.of(), List.of()))
        .withoutDiscovery()
        .build()
        .start();
  }

  static void await(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("timed out waiting for " + what);
      }
      LockSupport.parkNanos(10_000_000);
    }
  }

  /** The publishing node. */
  StarlingNode publisher() {
    return publisher;
  }

  @Override
  public String name() {
    return "Starling " + hops + " hop" + (hops == 1 ? "" : "s") + " (signed)";
  }

  @Override
  public void recordInto(Recorder r) {
    this.recorder = r;
  }

  @Override
  public void send(byte[] payload) throws Exception {
    publisher.publish(TOPIC, 42, payload);
  }

  @Override
  public String settle(long maxMillis) {
    long t0 = System.nanoTime();
    long deadline = t0 + maxMillis * 1_000_000;
    long published = publisher.stats().pubsub().get("published");
    long done = 0;
    while (System.nanoTime() < deadline) {
      Map<String, Long> sub = subscriber.stats().pubsub();
      done = sub.get("delivered") + sub.get("lost") + sub.get("skippedBeforeSubscription");
      if (done >= published) {
        break;
      }
      LockSupport.parkNanos(10_000_000);
    }
    return String.format(
        java.util.Locale.ROOT,
        "subscriber caught up with %d/%d published (delivered or counted lost) %.1f s later",
        done,
        published,
        (System.nanoTime() - t0) / 1e9);
  }

  @Override
  public String diagnostics() {
    StringBuilder b = new StringBuilder();
    Map<String, Long> sub = subscriber.stats().pubsub();
    b.append("subscriber pubsub ").append(nonZero(sub));
    for (StarlingNode n : nodes) {
      Map<String, Long> dropped = nonZero(n.stats().forwarding().dropped());
      if (!dropped.isEmpty()) {
        b.append("; ").append(n.profile().node().name()).append(" dropped ").append(dropped);
      }
    }
    if (downs.get() > 0) {
      b.append("; neighbours went DOWN ").append(downs.get()).append(" times");
    }
    return b.toString();
  }

  private static Map<String, Long> nonZero(Map<String, Long> m) {
    Map<String, Long> out = new java.util.LinkedHashMap<>();
    m.forEach(
        (k, v) -> {
          if (v != 0) {
            out.put(k, v);
          }
        });
    return out;
  }

  @Override
  public void close() {
    subscription.close();
    nodes.forEach(StarlingNode::close);
  }
}
