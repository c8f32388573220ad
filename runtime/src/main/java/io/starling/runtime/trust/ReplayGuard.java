package io.starling.runtime.trust;

import io.starling.runtime.identity.NodeId;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One {@link ReplayWindow} per origin, bounded in number (least recently used evicted), so a flood
 * of messages from many (verified) origins cannot exhaust memory.
 *
 * <p><b>What eviction means for security.</b> A full window costs about {@code windowSize / 8} +
 * ~80 bytes; when more than {@code maxWindows} origins are active, the least recently used window
 * is dropped but its origin's highest sequence number is kept in a compact map ({@code NodeId} →
 * {@code long}, ~100 bytes each, up to {@code maxFloors} entries). When that origin speaks again
 * its new window starts with that number as the floor: every number at or below it is rejected as
 * {@link ReplayVerdict#STALE}. That is conservative — a delayed, never-seen message inside the old
 * window is dropped too — but nothing can be replayed. Only when the floor map also overflows is an
 * origin forgotten entirely; its old messages would then be accepted once more. Size {@code
 * maxFloors} above the number of nodes in the mesh (the default, 65,536 origins, costs ~6 MB) and
 * that never happens; the envelope's signed {@code time} lets a node also refuse messages older
 * than it is willing to consider.
 *
 * <p>State lives in memory. A receiver that must reject old messages across its own restarts (the
 * command path does) saves {@link #highestSeen()} with {@link ReplayFloorFile} and restores it with
 * {@link #restoreFloor} on start: every number at or below a restored floor is then {@link
 * ReplayVerdict#STALE}.
 *
 * <p>Thread-safe.
 */
public final class ReplayGuard {

  private final int windowSize;
  private final LinkedHashMap<NodeId, ReplayWindow> windows;
  private final LinkedHashMap<NodeId, Long> floors;

  /**
   * A guard with windows of {@code windowSize}, at most {@code maxWindows} live windows and {@code
   * maxFloors} remembered floors of evicted origins.
   */
  public ReplayGuard(int windowSize, int maxWindows, int maxFloors) {
    new ReplayWindow(windowSize, 0); // validates the size
    if (maxWindows < 1 || maxFloors < 0) {
      throw new IllegalArgumentException(
          "maxWindows " + maxWindows + " must be >= 1 and maxFloors " + maxFloors + " >= 0");
    }
    this.windowSize = windowSize;
    this.windows =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<NodeId, ReplayWindow> eldest) {
            if (size() <= maxWindows) {
              return false;
            }
            rememberFloor(eldest.getKey(), eldest.getValue().highest());
            return true;
          }
        };
    this.floors =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<NodeId, Long> eldest) {
            return size() > maxFloors;
          }
        };
  }

  /** Windows of 1024, 4096 live windows, 65,536 remembered floors. */
  public static ReplayGuard defaults() {
    return new ReplayGuard(1024, 4096, 65_536);
  }

  /** The verdict for {@code seq} from {@code origin}, without recording it (cheap pre-check). */
  public synchronized ReplayVerdict check(NodeId origin, long seq) {
    ReplayWindow w = windows.get(origin);
    if (w != null) {
      return w.check(seq);
    }
    Long floor = floors.get(origin);
    return seq > (floor == null ? 0 : floor) ? ReplayVerdict.FRESH : ReplayVerdict.STALE;
  }

  /**
   * The verdict for {@code seq} from {@code origin}, recorded if fresh. Call only after the
   * message's signature has been verified.
   */
  public synchronized ReplayVerdict accept(NodeId origin, long seq) {
    ReplayWindow w = windows.get(origin);
    if (w == null) {
      Long floor = floors.get(origin);
      w = new ReplayWindow(windowSize, floor == null ? 0 : floor);
      ReplayVerdict verdict = w.accept(seq);
      if (verdict.accepted()) {
        floors.remove(origin);
        windows.put(origin, w);
      }
      return verdict;
    }
    return w.accept(seq);
  }

  /**
   * Restores a floor saved before a restart: numbers at or below {@code floor} from {@code origin}
   * are stale. Ignored if the origin already has a window.
   */
  public synchronized void restoreFloor(NodeId origin, long floor) {
    if (!windows.containsKey(origin)) {
      floors.merge(origin, floor, Math::max);
    }
  }

  /** The highest number seen (or the floor) of every origin this guard remembers. */
  public synchronized Map<NodeId, Long> highestSeen() {
    Map<NodeId, Long> all = new java.util.HashMap<>(floors);
    windows.forEach((origin, w) -> all.merge(origin, w.highest(), Math::max));
    return all;
  }

  /** Live windows (for metrics). */
  public synchronized int windowCount() {
    return windows.size();
  }

  /** Remembered floors of evicted origins (for metrics). */
  public synchronized int floorCount() {
    return floors.size();
  }

  private void rememberFloor(NodeId origin, long highest) {
    floors.put(origin, highest);
  }
}
