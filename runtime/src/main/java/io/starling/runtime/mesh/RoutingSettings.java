package io.starling.runtime.mesh;

import java.time.Duration;

/**
 * Timers of the link-state protocol (docs/PROTOCOL.md, "Routing").
 *
 * @param holdDown how long a node waits after a change of its links before advertising, so that
 *     changes noticed together (a relay's death seen on two interfaces) go out in one advert
 * @param minAdvertInterval the least time between two adverts of one origin; relays forward an
 *     origin's adverts no more often either (a newer one waits and the latest is sent)
 * @param refreshInterval how often a node re-advertises with no change, so that adverts of nodes
 *     that vanished expire. Healing never waits for it: a neighbour that dies is noticed by hellos
 *     and its neighbours advertise at once. It only bounds how long a dead node's own advert
 *     lingers (harmless: a link counts only when both ends report it)
 * @param maxAge an advert not refreshed for this long is dropped; more than twice {@code
 *     refreshInterval}, so one lost refresh does not drop a live node
 * @param syncInterval the least time between two database summaries sent to one neighbour.
 *     Summaries go to a neighbour that comes UP and to one whose hellos show a different database
 *     digest for two hellos in a row: they repair floods lost on the way
 * @param hopLimit how many hops a routed message may take before it is dropped
 */
public record RoutingSettings(
    Duration holdDown,
    Duration minAdvertInterval,
    Duration refreshInterval,
    Duration maxAge,
    Duration syncInterval,
    int hopLimit) {

  /** Validates the relations between the timers. */
  public RoutingSettings {
    if (holdDown.isNegative()) {
      throw new IllegalArgumentException("holdDown " + holdDown + " is negative");
    }
    if (minAdvertInterval.isNegative() || minAdvertInterval.isZero()) {
      throw new IllegalArgumentException(
          "minAdvertInterval " + minAdvertInterval + " must be positive");
    }
    if (refreshInterval.compareTo(minAdvertInterval) <= 0) {
      throw new IllegalArgumentException("refreshInterval must exceed minAdvertInterval");
    }
    if (maxAge.compareTo(refreshInterval.multipliedBy(2)) <= 0) {
      throw new IllegalArgumentException(
          "maxAge " + maxAge + " must exceed twice refreshInterval (" + refreshInterval + ")");
    }
    if (syncInterval.isNegative() || syncInterval.isZero()) {
      throw new IllegalArgumentException("syncInterval " + syncInterval + " must be positive");
    }
    if (hopLimit < 1 || hopLimit > 255) {
      throw new IllegalArgumentException("hopLimit " + hopLimit + " is out of range [1, 255]");
    }
  }

  /**
   * A LAN or good Wi-Fi: advertise 20 ms after a change, at most every 250 ms; refresh every 5
   * minutes, expire after 16; summaries at most every second per neighbour; 16 hops.
   */
  public static RoutingSettings lan() {
    return new RoutingSettings(
        Duration.ofMillis(20),
        Duration.ofMillis(250),
        Duration.ofMinutes(5),
        Duration.ofMinutes(16),
        Duration.ofSeconds(1),
        16);
  }

  /**
   * Battery or duty-cycled radios: advertise 500 ms after a change, at most every 5 s; refresh
   * every 30 minutes, expire after 95; summaries at most every 20 s per neighbour; 16 hops.
   */
  public static RoutingSettings lowPower() {
    return new RoutingSettings(
        Duration.ofMillis(500),
        Duration.ofSeconds(5),
        Duration.ofMinutes(30),
        Duration.ofMinutes(95),
        Duration.ofSeconds(20),
        16);
  }

  /** These settings with another refresh interval and {@code maxAge} of 3.2 times it. */
  public RoutingSettings withRefresh(Duration refresh) {
    return new RoutingSettings(
        holdDown,
        minAdvertInterval,
        refresh,
        Duration.ofMillis(refresh.toMillis() * 16 / 5),
        syncInterval,
        hopLimit);
  }
}
