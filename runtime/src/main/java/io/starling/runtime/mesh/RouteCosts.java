package io.starling.runtime.mesh;

/**
 * Link costs, ETX-like (De Couto et al., "A high-throughput path metric for multi-hop wireless
 * routing", MobiCom 2003): the expected number of transmissions for a datagram to get through,
 * scaled by 100, plus a delay term.
 *
 * <p>Each end reports {@code 100 / (1 - loss)} for the hellos it receives from the other, plus one
 * per 10 ms of smoothed round-trip time (capped at 100), so a clean wired hop costs 100 and a hop
 * losing half its hellos costs 200. The graph uses the mean of the two ends' reports, which makes
 * the cost of a link the same in both directions — the property that keeps next-hop forwarding
 * loop-free once every node has the same adverts (each hop strictly shortens the remaining
 * distance).
 */
public final class RouteCosts {

  /** The smallest cost a link can have. */
  public static final int MIN = 1;

  /** The largest cost a link can have. */
  public static final int MAX = 65_535;

  /** The cost of a loss-free, fast link. */
  public static final int PERFECT = 100;

  private RouteCosts() {}

  /** What this node reports for a neighbour it hears with {@code loss} (0..1) and RTT. */
  public static int measured(double loss, java.time.Duration rtt) {
    double delivery = Math.max(0.01, 1.0 - Math.max(0, Math.min(1, loss)));
    long delay = rtt == null ? 0 : Math.min(100, rtt.toMillis() / 10);
    return (int) Math.min(MAX, Math.round(PERFECT / delivery) + delay);
  }

  /** The cost of a link whose ends report {@code a} and {@code b}. */
  public static int link(int a, int b) {
    return (a + b + 1) / 2;
  }

  /**
   * Whether a cost moved enough from the advertised one to send a new advert: by more than a
   * quarter. Smaller moves are noise of the loss estimate and would only churn the mesh.
   */
  public static boolean significant(int advertised, int now) {
    return Math.abs(now - advertised) * 4 > advertised;
  }
}
