package io.starling.runtime.trust;

import java.util.Arrays;

/**
 * Anti-replay for one origin's sequence numbers: a sliding window over the highest number seen, as
 * in IPsec ESP (RFC 4303 §3.4.3) and DTLS (RFC 6347 §4.1.2.6), kept as a ring bitmap (RFC 6479):
 * bit {@code seq mod size} records whether {@code seq} was seen, so advancing the window clears
 * only the bits that newly enter it instead of shifting the whole bitmap.
 *
 * <ul>
 *   <li>above the highest seen: {@link ReplayVerdict#FRESH} (the window slides);
 *   <li>within {@code size} below the highest and unseen: {@link ReplayVerdict#FRESH};
 *   <li>within the window and seen: {@link ReplayVerdict#REPLAYED};
 *   <li>{@code size} or more below the highest, or at most the floor: {@link ReplayVerdict#STALE}.
 * </ul>
 *
 * <p>Call {@link #accept} only after the signature has been verified (RFC 4303 §3.4.3: update the
 * window only for authenticated packets), otherwise forged numbers could slide it. Not thread-safe;
 * {@link ReplayGuard} synchronises.
 */
public final class ReplayWindow {

  private final int size;
  private final long[] bits;
  private final long floor;
  private long highest;

  /**
   * A window of {@code size} numbers (a power of two, 64..65536) that accepts only numbers greater
   * than {@code floor} (0 for an origin never heard of; sequence numbers start at 1).
   */
  public ReplayWindow(int size, long floor) {
    if (size < 64 || size > 65536 || Integer.bitCount(size) != 1) {
      throw new IllegalArgumentException(
          "replay window size " + size + " must be a power of two in 64..65536");
    }
    if (floor < 0) {
      throw new IllegalArgumentException("replay floor " + floor + " is negative");
    }
    this.size = size;
    this.bits = new long[size / 64];
    this.floor = floor;
    this.highest = floor;
  }

  /** The verdict for {@code seq}, without recording it. */
  public ReplayVerdict check(long seq) {
    if (seq <= floor) {
      return ReplayVerdict.STALE;
    }
    if (seq > highest) {
      return ReplayVerdict.FRESH;
    }
    if (highest - seq >= size) {
      return ReplayVerdict.STALE;
    }
    return isSet(seq) ? ReplayVerdict.REPLAYED : ReplayVerdict.FRESH;
  }

  /** The verdict for {@code seq}, recording it if {@link ReplayVerdict#FRESH}. */
  public ReplayVerdict accept(long seq) {
    ReplayVerdict verdict = check(seq);
    if (verdict != ReplayVerdict.FRESH) {
      return verdict;
    }
    if (seq > highest) {
      long advance = seq - highest;
      if (advance >= size) {
        Arrays.fill(bits, 0L);
      } else {
        for (long s = highest + 1; s < seq; s++) {
          clear(s);
        }
      }
      highest = seq;
    }
    set(seq);
    return ReplayVerdict.FRESH;
  }

  /** The highest number accepted (or the floor). */
  public long highest() {
    return highest;
  }

  /** The window size. */
  public int size() {
    return size;
  }

  private int index(long seq) {
    return (int) (seq & (size - 1));
  }

  private boolean isSet(long seq) {
    int i = index(seq);
    return (bits[i >>> 6] & (1L << (i & 63))) != 0;
  }

  private void set(long seq) {
    int i = index(seq);
    bits[i >>> 6] |= 1L << (i & 63);
  }

  private void clear(long seq) {
    int i = index(seq);
    bits[i >>> 6] &= ~(1L << (i & 63));
  }
}
