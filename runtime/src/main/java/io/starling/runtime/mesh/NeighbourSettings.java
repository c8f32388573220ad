package io.starling.runtime.mesh;

import java.time.Duration;

/**
 * Timers of the neighbour protocol.
 *
 * @param helloInterval how often a node sends a hello to each neighbour and candidate. Shorter
 *     notices deaths sooner and measures RTT and loss more finely, at the cost of bandwidth: about
 *     211 bytes per hello plus about 55 per neighbour echoed (about 490 at five neighbours), once
 *     the neighbour has the sender's certificate (the certificate adds about 600).
 * @param deadAfter a neighbour that has not been heard for this long is DOWN. It bounds the time to
 *     notice a crash (at most {@code deadAfter + helloInterval}); it must span enough hellos that
 *     loss alone rarely silences a neighbour that long: with 20% loss, the chance that all {@code
 *     deadAfter / helloInterval} hellos in a row are lost is 0.2^n.
 * @param lossWindow how many recent hellos the loss estimate covers
 */
public record NeighbourSettings(Duration helloInterval, Duration deadAfter, int lossWindow) {

  /** Validates: positive interval, {@code deadAfter} at least three intervals, window 8..1024. */
  public NeighbourSettings {
    if (helloInterval.isNegative() || helloInterval.isZero()) {
      throw new IllegalArgumentException("helloInterval " + helloInterval + " must be positive");
    }
    if (deadAfter.compareTo(helloInterval.multipliedBy(3)) < 0) {
      throw new IllegalArgumentException(
          "deadAfter "
              + deadAfter
              + " must be at least 3 hello intervals ("
              + helloInterval.multipliedBy(3)
              + ")");
    }
    if (lossWindow < 8 || lossWindow > 1024) {
      throw new IllegalArgumentException("lossWindow " + lossWindow + " is out of range [8, 1024]");
    }
  }

  /**
   * A LAN: hellos every 200 ms, DOWN after 1.4 s of silence (7 hellos: 20% loss silences a live
   * neighbour that long with probability 0.2^7 ≈ 1.3e-5 per check), so a crash is noticed in at
   * most 1.6 s.
   */
  public static NeighbourSettings lan() {
    return new NeighbourSettings(Duration.ofMillis(200), Duration.ofMillis(1400), 32);
  }

  /** Battery or duty-cycled radios: hellos every 2 s, DOWN after 15 s. */
  public static NeighbourSettings lowPower() {
    return new NeighbourSettings(Duration.ofSeconds(2), Duration.ofSeconds(15), 32);
  }
}
