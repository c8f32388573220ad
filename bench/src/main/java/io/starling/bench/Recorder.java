package io.starling.bench;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * What one run received. Every message is {@value #SIZE} bytes: {@code [u64 System.nanoTime() at
 * send][u32 run][u32 index][filler]}; the receiver takes its own {@code System.nanoTime()} (same
 * JVM) and keeps the one-way latency of each index once. Thread-safe.
 */
final class Recorder {

  /** Payload size of every message of every system. */
  static final int SIZE = 64;

  private final int run;
  private final long[] latencyNanos;
  private final boolean[] seen;
  private int received;
  private long duplicates;
  private long strays;
  private volatile long lastNanos;

  Recorder(int run, int count) {
    this.run = run;
    this.latencyNanos = new long[count];
    this.seen = new boolean[count];
  }

  /** A fresh payload for message {@code index}, stamped now. */
  byte[] payload(int index, byte[] filler) {
    ByteBuffer b = ByteBuffer.allocate(SIZE);
    b.putLong(0L).putInt(run).putInt(index).put(filler, 0, SIZE - 16);
    byte[] out = b.array();
    ByteBuffer.wrap(out).putLong(0, System.nanoTime());
    return out;
  }

  /** Called by a receiver with a delivered payload. */
  void received(byte[] payload) {
    long now = System.nanoTime();
    if (payload == null || payload.length != SIZE) {
      synchronized (this) {
        strays++;
      }
      return;
    }
    ByteBuffer b = ByteBuffer.wrap(payload);
    long sent = b.getLong(0);
    int r = b.getInt(8);
    int i = b.getInt(12);
    synchronized (this) {
      if (r != run || i < 0 || i >= seen.length) {
        strays++; // a late message of an earlier run
        return;
      }
      if (seen[i]) {
        duplicates++;
        return;
      }
      seen[i] = true;
      latencyNanos[i] = now - sent;
      received++;
      lastNanos = now;
    }
  }

  int count() {
    return seen.length;
  }

  synchronized int received() {
    return received;
  }

  synchronized long duplicates() {
    return duplicates;
  }

  synchronized long strays() {
    return strays;
  }

  /** {@code System.nanoTime()} of the last new message, 0 if none. */
  long lastNanos() {
    return lastNanos;
  }

  /** The latencies of the messages received, sorted, in nanoseconds. */
  synchronized long[] sortedLatencies() {
    long[] out = new long[received];
    int n = 0;
    for (int i = 0; i < seen.length; i++) {
      if (seen[i]) {
        out[n++] = latencyNanos[i];
      }
    }
    Arrays.sort(out);
    return out;
  }

  /** Nearest-rank percentile {@code p} (0..100] of sorted values, in milliseconds. */
  static double percentileMillis(long[] sorted, double p) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))] / 1e6;
  }
}
