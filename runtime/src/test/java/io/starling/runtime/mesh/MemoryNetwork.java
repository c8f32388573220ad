package io.starling.runtime.mesh;

import io.starling.runtime.schedule.ManualScheduler;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

/**
 * An in-memory network for mesh tests, in the virtual time of a {@link ManualScheduler}: every
 * datagram is delivered after {@code delay} unless a seeded coin says it is lost, either end has
 * crashed, or (once {@link #restrictToLinks()} is called) the two ends share no link. Deterministic
 * for a given seed.
 */
final class MemoryNetwork {

  private final ManualScheduler scheduler;
  private final Random random;
  private final Map<InetSocketAddress, Map<String, MeshTransport.Receiver>> nodes = new HashMap<>();
  private final Set<InetSocketAddress> crashed = new HashSet<>();
  private final Map<String, List<Integer>> sizes = new HashMap<>();
  private final Map<InetSocketAddress, Long> bytesFrom = new HashMap<>();
  private final Map<String, Long> frames = new HashMap<>();
  private final Map<String, Long> bytesByChannel = new HashMap<>();
  private final Map<String, Long> datagramsByChannel = new HashMap<>();
  private final Set<String> channels = new TreeSet<>();
  private final Set<String> links = new HashSet<>();
  private final Set<String> cut = new HashSet<>();
  private boolean restricted;
  private boolean recordSizes = true;
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

  /** From now on only nodes joined by {@link #link} hear each other. */
  void restrictToLinks() {
    restricted = true;
    recordSizes = false;
  }

  /** Joins {@code a} and {@code b} by a link (both directions). */
  void link(InetSocketAddress a, InetSocketAddress b) {
    links.add(key(a, b));
    links.add(key(b, a));
  }

  /** Cuts the link between {@code a} and {@code b} (both directions) until {@link #heal}. */
  void cut(InetSocketAddress a, InetSocketAddress b) {
    cut.add(key(a, b));
    cut.add(key(b, a));
  }

  /** Heals a cut link. */
  void heal(InetSocketAddress a, InetSocketAddress b) {
    cut.remove(key(a, b));
    cut.remove(key(b, a));
  }

  /** Whether {@code a} and {@code b} can hear each other now (a link, not cut, both alive). */
  boolean connected(InetSocketAddress a, InetSocketAddress b) {
    return !crashed.contains(a)
        && !crashed.contains(b)
        && !cut.contains(key(a, b))
        && (!restricted || links.contains(key(a, b)));
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
  List<Integer> sizes(InetSocketAddress from, InetSocketAddress to) {
    return sizes.getOrDefault(from + ">" + to, List.of());
  }

  /** Bytes of every datagram {@code from} has sent so far (payloads, without CoAP/UDP headers). */
  long bytesFrom(InetSocketAddress from) {
    return bytesFrom.getOrDefault(from, 0L);
  }

  /** Datagrams {@code from} has sent to {@code to} on {@code channel}, lost or not. */
  long frames(InetSocketAddress from, InetSocketAddress to, String channel) {
    return frames.getOrDefault(key(from, to) + "#" + channel, 0L);
  }

  /**
   * Bytes of every datagram {@code from} has sent so far on {@code channel} ({@code hello}, {@code
   * advert}, {@code route}), delivered or not (payloads, without CoAP/UDP headers).
   */
  long bytesFrom(InetSocketAddress from, String channel) {
    return bytesByChannel.getOrDefault(channelKey(from, channel), 0L);
  }

  /** How many datagrams {@code from} has sent so far on {@code channel}. */
  long datagramsFrom(InetSocketAddress from, String channel) {
    return datagramsByChannel.getOrDefault(channelKey(from, channel), 0L);
  }

  /** Every channel anything has been sent on so far. */
  Set<String> channels() {
    return Set.copyOf(channels);
  }

  private static String channelKey(InetSocketAddress from, String channel) {
    return from + "#" + channel;
  }

  private static String key(InetSocketAddress a, InetSocketAddress b) {
    return a + ">" + b;
  }

  MeshTransport transport(InetSocketAddress self) {
    nodes.putIfAbsent(self, new HashMap<>());
    return new MeshTransport() {
      @Override
      public void send(InetSocketAddress to, String channel, byte[] message) {
        if (to.getAddress().isMulticastAddress()) {
          for (InetSocketAddress member : new ArrayList<>(nodes.keySet())) {
            if (!member.equals(self) && member.getPort() == to.getPort()) {
              send(member, channel, message);
            }
          }
          return;
        }
        if (crashed.contains(self)) {
          return;
        }
        bytesFrom.merge(self, (long) message.length, Long::sum);
        frames.merge(key(self, to) + "#" + channel, 1L, Long::sum);
        bytesByChannel.merge(channelKey(self, channel), (long) message.length, Long::sum);
        datagramsByChannel.merge(channelKey(self, channel), 1L, Long::sum);
        channels.add(channel);
        if (!connected(self, to) || random.nextDouble() < loss) {
          dropped++;
          return;
        }
        if (recordSizes) {
          sizes.computeIfAbsent(key(self, to), k -> new ArrayList<>()).add(message.length);
        }
        byte[] copy = message.clone();
        scheduler.schedule(
            delay,
            () -> {
              MeshTransport.Receiver r = nodes.getOrDefault(to, Map.of()).get(channel);
              if (r != null && connected(self, to)) {
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
