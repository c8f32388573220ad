package io.starling.runtime.mesh;

import io.starling.runtime.identity.NodeId;
import io.starling.runtime.trust.DeviceCertificate;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The verified adverts a node holds, one per origin (the newest by sequence number), with the
 * tombstones of expired ones. Not thread-safe: {@link LinkStateService} serialises access.
 *
 * <p>The digest is the XOR of a 64-bit mix of (origin, sequence) over the live adverts, so it is
 * kept up to date in O(1) per change and two nodes holding the same adverts have the same digest
 * whatever order they learnt them in.
 */
final class LinkStateDb {

  /** One origin's newest advert. */
  static final class Entry {
    final NodeId origin;
    final long seq;
    final Advert advert;
    final byte[] lean; // the signed advert without the certificate
    final byte[] full; // with the certificate in x5chain
    final DeviceCertificate certificate;
    final Instant received;

    Entry(
        NodeId origin,
        long seq,
        Advert advert,
        byte[] lean,
        byte[] full,
        DeviceCertificate certificate,
        Instant received) {
      this.origin = origin;
      this.seq = seq;
      this.advert = advert;
      this.lean = lean;
      this.full = full;
      this.certificate = certificate;
      this.received = received;
    }
  }

  private final Map<NodeId, Entry> entries = new LinkedHashMap<>();
  private final Map<NodeId, long[]> tombstones = new HashMap<>(); // {seq, expiry epoch ms}
  private long digest;

  /** The newest sequence number known for {@code origin}, live or expired; -1 if none. */
  long seq(NodeId origin) {
    Entry e = entries.get(origin);
    if (e != null) {
      return e.seq;
    }
    long[] t = tombstones.get(origin);
    return t == null ? -1 : t[0];
  }

  Entry get(NodeId origin) {
    return entries.get(origin);
  }

  /** Stores {@code entry}, replacing the origin's older one. */
  void put(Entry entry) {
    Entry old = entries.put(entry.origin, entry);
    if (old != null) {
      digest ^= mix(old.origin, old.seq);
    }
    digest ^= mix(entry.origin, entry.seq);
    tombstones.remove(entry.origin);
  }

  /**
   * Drops adverts received before {@code oldest} (except {@code self}'s), leaving tombstones until
   * {@code tombstoneUntil}, and forgets tombstones that have passed. Returns the dropped origins.
   */
  List<NodeId> expire(Instant oldest, Instant now, Instant tombstoneUntil, NodeId self) {
    List<NodeId> dropped = new ArrayList<>();
    var it = entries.values().iterator();
    while (it.hasNext()) {
      Entry e = it.next();
      if (!e.origin.equals(self) && e.received.isBefore(oldest)) {
        it.remove();
        digest ^= mix(e.origin, e.seq);
        tombstones.put(e.origin, new long[] {e.seq, tombstoneUntil.toEpochMilli()});
        dropped.add(e.origin);
      }
    }
    long nowMs = now.toEpochMilli();
    tombstones.values().removeIf(t -> t[1] <= nowMs);
    return dropped;
  }

  /** The live adverts, in the order first learnt. */
  List<Entry> entries() {
    return new ArrayList<>(entries.values());
  }

  int size() {
    return entries.size();
  }

  long digest() {
    return digest;
  }

  /** Origin → sequence number of every live advert. */
  Map<NodeId, Long> summary() {
    Map<NodeId, Long> out = new LinkedHashMap<>();
    entries.values().forEach(e -> out.put(e.origin, e.seq));
    return out;
  }

  private static long mix(NodeId origin, long seq) {
    long z = ByteBuffer.wrap(origin.bytes()).getLong() ^ (seq * 0x9E3779B97F4A7C15L);
    // SplitMix64 finaliser (Steele, Lea, Flood 2014): spreads every input bit over the output.
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
