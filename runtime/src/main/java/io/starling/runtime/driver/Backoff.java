package io.starling.runtime.driver;

import java.time.Duration;

/**
 * Exponential back-off for a failing driver: the first retry after {@code initial}, then doubling
 * up to {@code max}.
 *
 * @param initial the delay before the first retry
 * @param max the longest delay between retries
 */
public record Backoff(Duration initial, Duration max) {

  /** The default: 1 s doubling up to 5 minutes. */
  public static final Backoff DEFAULT = new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(5));

  /** Validates that {@code 0 < initial <= max}. */
  public Backoff {
    if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
      throw new IllegalArgumentException(
          "back-off needs 0 < initial <= max, got " + initial + " and " + max);
    }
  }

  /** The delay before retry number {@code failures} (1 = after the first failure). */
  public Duration delay(int failures) {
    int shift = Math.min(Math.max(failures - 1, 0), 30);
    Duration d = initial.multipliedBy(1L << shift);
    return d.compareTo(max) > 0 ? max : d;
  }
}
