package io.starling.runtime.pubsub;

import java.time.Duration;

/**
 * How much of its own publications a node keeps per topic for subscribers to fetch after an outage
 * (profile {@code pubsub.log_size}, {@code pubsub.log_age}).
 *
 * @param maxBytes the most bytes per topic (oldest segments go first)
 * @param maxAge the oldest message kept
 */
public record LogLimits(long maxBytes, Duration maxAge) {

  /** Validates. */
  public LogLimits {
    if (maxBytes < 16 * 1024) {
      throw new IllegalArgumentException("a topic log needs at least 16 KiB, got " + maxBytes);
    }
    if (maxAge.isNegative() || maxAge.isZero()) {
      throw new IllegalArgumentException("the log's maxAge must be positive");
    }
  }

  /** 1 MiB and 24 hours per topic: about 5,000 signed readings, a day of one every 20 s. */
  public static LogLimits defaults() {
    return new LogLimits(1024 * 1024, Duration.ofHours(24));
  }
}
