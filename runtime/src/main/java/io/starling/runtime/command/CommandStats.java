package io.starling.runtime.command;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counters of accepted, duplicate and rejected commands (one per {@link Rejection}), and a DEBUG
 * log line per rejection limited to one per reason per second, so a flood of garbage costs a
 * counter increment, not a log storm.
 */
public final class CommandStats {

  private static final Logger LOG = LoggerFactory.getLogger(CommandStats.class);
  private static final long LOG_INTERVAL_NANOS = 1_000_000_000L;

  private final AtomicLong accepted = new AtomicLong();
  private final AtomicLong duplicates = new AtomicLong();
  private final AtomicLongArray rejected = new AtomicLongArray(Rejection.values().length);
  private final AtomicLongArray lastLogged = new AtomicLongArray(Rejection.values().length);

  void accepted() {
    accepted.incrementAndGet();
  }

  void duplicate() {
    duplicates.incrementAndGet();
  }

  void rejected(Rejection reason, String actuator, String detail) {
    long count = rejected.incrementAndGet(reason.ordinal());
    if (LOG.isDebugEnabled()) {
      long now = System.nanoTime();
      long last = lastLogged.get(reason.ordinal());
      if ((last == 0 || now - last >= LOG_INTERVAL_NANOS)
          && lastLogged.compareAndSet(reason.ordinal(), last, now)) {
        LOG.debug(
            "command for actuator {} rejected: {} ({}); {} so far",
            actuator,
            reason,
            detail,
            count);
      }
    }
  }

  /** Commands applied. */
  public long acceptedCount() {
    return accepted.get();
  }

  /** Retries recognised by their idempotency key and answered without applying again. */
  public long duplicateCount() {
    return duplicates.get();
  }

  /** Rejections of one reason. */
  public long rejectedCount(Rejection reason) {
    return rejected.get(reason.ordinal());
  }

  /** Every reason's count, zeros included, in declaration order. */
  public Map<Rejection, Long> rejectedCounts() {
    Map<Rejection, Long> counts = new EnumMap<>(Rejection.class);
    for (Rejection r : Rejection.values()) {
      counts.put(r, rejected.get(r.ordinal()));
    }
    return counts;
  }
}
