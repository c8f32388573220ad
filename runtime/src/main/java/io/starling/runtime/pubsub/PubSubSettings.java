package io.starling.runtime.pubsub;

import java.time.Duration;

/**
 * Timers and bounds of publish/subscribe.
 *
 * @param fetchRetry how long a subscriber waits for a requested gap to fill before asking again
 * @param fetchBatch the most messages one fetch returns
 * @param maxPending the most out-of-order messages a subscriber holds per stream while a gap is
 *     fetched; more are dropped and fetched again later, in order
 * @param flushInterval how often subscriber cursors and origin logs are written out
 */
public record PubSubSettings(
    Duration fetchRetry, int fetchBatch, int maxPending, Duration flushInterval) {

  /** Validates. */
  public PubSubSettings {
    if (fetchRetry.isNegative() || fetchRetry.isZero() || fetchBatch < 1 || maxPending < 1) {
      throw new IllegalArgumentException("fetchRetry, fetchBatch and maxPending must be positive");
    }
  }

  /** Defaults: ask again after 1 s, 128 messages per fetch, hold 1024 per stream, flush 200 ms. */
  public static PubSubSettings defaults() {
    return new PubSubSettings(Duration.ofSeconds(1), 128, 1024, Duration.ofMillis(200));
  }
}
