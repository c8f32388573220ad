package io.starling.runtime.mesh;

import io.starling.runtime.identity.NodeId;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Who this node hears, with liveness, round-trip time and loss. Fed by verified hellos; not
 * thread-safe (the {@link NeighbourService} serialises access).
 *
 * <p>Loss is estimated from the consecutive hello numbers over the last {@code lossWindow} numbers;
 * RTT is smoothed as TCP does (RFC 6298 §2: SRTT = 7/8 SRTT + 1/8 sample).
 */
final class NeighbourTable {

  private final NeighbourSettings settings;
  private final Map<NodeId, Entry> entries = new LinkedHashMap<>();

  NeighbourTable(NeighbourSettings settings) {
    this.settings = settings;
  }

  private final class Entry {
    final NodeId id;
    String name;
    Set<String> groups;
    InetSocketAddress address;
    Neighbour.State state = Neighbour.State.DOWN;
    Instant lastHeard;
    long lastNumber = -1;
    Instant lastNumberHeardAt;
    final BitSet received = new BitSet(settings.lossWindow());
    long windowTop = -1;
    long firstNumber = -1;
    Duration rtt;
    boolean echoesUs;

    Entry(NodeId id) {
      this.id = id;
    }

    void record(long n) {
      int w = settings.lossWindow();
      if (firstNumber < 0 || n < firstNumber) {
        firstNumber = n;
      }
      if (n > windowTop) {
        for (long k = Math.max(windowTop + 1, n - w + 1); k <= n; k++) {
          received.clear((int) Math.floorMod(k, (long) w));
        }
        windowTop = n;
      }
      if (n > windowTop - w) {
        received.set((int) Math.floorMod(n, (long) w));
      }
    }

    double loss() {
      if (windowTop < 0) {
        return 0;
      }
      long span = Math.min(settings.lossWindow(), windowTop - firstNumber + 1);
      return span <= 0 ? 0 : 1.0 - (double) received.cardinality() / span;
    }

    Neighbour snapshot() {
      return new Neighbour(id, name, groups, address, state, rtt, loss(), lastHeard);
    }
  }

  /**
   * Records a verified hello. Returns the neighbour if it just came UP.
   *
   * @param echoesUs whether the hello echoes one of ours (the neighbour has verified us)
   */
  Optional<Neighbour> heard(
      NodeId id,
      String name,
      Set<String> groups,
      InetSocketAddress from,
      long number,
      boolean echoesUs,
      Instant now) {
    Entry e = entries.computeIfAbsent(id, Entry::new);
    if (e.state == Neighbour.State.DOWN && e.windowTop >= 0) {
      // Back after a silence: a new adjacency. The hellos lost while it was away (or cut off) say
      // nothing about the link now, and would keep its cost high for a whole loss window.
      e.received.clear();
      e.windowTop = -1;
      e.firstNumber = -1;
      e.rtt = null;
    }
    e.name = name;
    e.groups = groups;
    e.address = from;
    e.lastHeard = now;
    e.echoesUs = echoesUs;
    if (number > e.lastNumber) {
      e.lastNumber = number;
      e.lastNumberHeardAt = now;
    }
    e.record(number);
    if (e.state == Neighbour.State.DOWN) {
      e.state = Neighbour.State.UP;
      return Optional.of(e.snapshot());
    }
    return Optional.empty();
  }

  /** Adds an RTT sample for {@code id}. */
  void rttSample(NodeId id, Duration sample) {
    Entry e = entries.get(id);
    if (e == null || sample.isNegative()) {
      return;
    }
    e.rtt = e.rtt == null ? sample : e.rtt.multipliedBy(7).plus(sample).dividedBy(8);
  }

  /** Marks {@code id} DOWN at once (it said goodbye). Returns it if it was UP. */
  Optional<Neighbour> goodbye(NodeId id, Instant now) {
    Entry e = entries.get(id);
    if (e == null || e.state == Neighbour.State.DOWN) {
      return Optional.empty();
    }
    e.state = Neighbour.State.DOWN;
    e.echoesUs = false;
    return Optional.of(e.snapshot());
  }

  /** Marks DOWN every UP neighbour silent for longer than {@code deadAfter}; returns them. */
  List<Neighbour> expire(Instant now) {
    List<Neighbour> down = new ArrayList<>();
    for (Entry e : entries.values()) {
      if (e.state == Neighbour.State.UP
          && Duration.between(e.lastHeard, now).compareTo(settings.deadAfter()) > 0) {
        e.state = Neighbour.State.DOWN;
        e.echoesUs = false;
        down.add(e.snapshot());
      }
    }
    return down;
  }

  /** Echoes to put in the next hello: one per UP neighbour. */
  List<Hello.Echo> echoes(Instant now) {
    List<Hello.Echo> out = new ArrayList<>();
    for (Entry e : entries.values()) {
      if (e.state == Neighbour.State.UP && e.lastNumber >= 0) {
        out.add(
            new Hello.Echo(
                e.id, e.lastNumber, Duration.between(e.lastNumberHeardAt, now).toMillis()));
      }
    }
    return out;
  }

  /**
   * Whether the neighbour at {@code address} is UP and has echoed us (so it has our certificate
   * cached and our hellos to it may leave the certificate out).
   */
  boolean knowsUsAt(InetSocketAddress address) {
    for (Entry e : entries.values()) {
      if (e.state == Neighbour.State.UP && e.echoesUs && address.equals(e.address)) {
        return true;
      }
    }
    return false;
  }

  /** Addresses of UP neighbours. */
  List<InetSocketAddress> upAddresses() {
    return entries.values().stream()
        .filter(e -> e.state == Neighbour.State.UP)
        .map(e -> e.address)
        .toList();
  }

  /** Every neighbour ever heard, by name. */
  List<Neighbour> snapshot() {
    return entries.values().stream()
        .map(Entry::snapshot)
        .sorted(Comparator.comparing(Neighbour::name).thenComparing(n -> n.id().toString()))
        .toList();
  }
}
