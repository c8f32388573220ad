package io.starling.runtime.mesh;

import io.starling.runtime.schedule.ManualScheduler;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * An in-memory network for mesh tests, in the virtual time of a {@link ManualScheduler}: every
 * datagram is delivered after {@code delay} unless a seeded coin says it is lost or either end has
 * crashed. Deterministic for a given seed.
 */
final class MemoryNetwork {

  private final ManualScheduler scheduler;
  private final Random random;
  private final Map<InetSocketAddress, Map<String, MeshTransport.Receiver>> nodes = new HashMap<>();
  private final Set<InetSocketAddress> crashed = new HashSet<>();
  private final Map<String, java.util.List<Integer>> sizes = new HashMap<>();
  private Duration delay = Duration.ofMillis(1);
  private double loss;
  long delivered;
  long dropped;

  MemoryNetwork(ManualScheduler scheduler, long seed) {
    this.scheduler = scheduler;
    this.random = new Random(seed);
  }

  void delay(Duration oneWay) {
    this.delay = oneWay;
  }

  void loss(double probability) {
    this.loss = probability;
  }

  /** The node at {@code address} stops sending and receiving, as after kill -9. */
  void crash(InetSocketAddress address) {
    crashed.add(address);
  }

  /** The node at {@code address} is reachable again (a restart). */
  void revive(InetSocketAddress address) {
    crashed.remove(address);
  }

  /** Sizes of the datagrams sent from {@code from} to {@code to}, in order. */
  java.util.List<Integer> sizes(InetSocketAddress from, InetSocketAddress to) {
    return sizes.getOrDefault(from + ">" + to, java.util.List.of());
  }

  MeshTransport transport(InetSocketAddress self) {
    nodes.putIfAbsent(self, new HashMap<>());
    return new MeshTransport() {
      @Override
      public void send(InetSocketAddress to, String channel, byte[] message) {
        if (crashed.contains(self) || crashed.contains(to) || random.nextDouble() < loss) {
          dropped++;
          return;
        }
        sizes
            .computeIfAbsent(self + ">" + to, k -> new java.util.ArrayList<>())
            .add(message.length);
        byte[] copy = message.clone();
        if (to.getAddress().isMulticastAddress()) {
          for (InetSocketAddress member : nodes.keySet()) {
            if (!member.equals(self) && member.getPort() == to.getPort()) {
              send(member, channel, copy);
            }
          }
          return;
        }
        scheduler.schedule(
            delay,
            () -> {
              MeshTransport.Receiver r = nodes.getOrDefault(to, Map.of()).get(channel);
              if (r != null && !crashed.contains(to)) {
                delivered++;
                r.receive(self, copy);
              }
            });
      }

      @Override
      public void register(String channel, MeshTransport.Receiver receiver) {
        nodes.get(self).put(channel, receiver);
      }
    };
  }
}
