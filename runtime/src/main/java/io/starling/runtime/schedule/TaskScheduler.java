package io.starling.runtime.schedule;

import java.time.Duration;

/**
 * Runs tasks after a delay. The node's components schedule through this rather than owning threads,
 * so that tests drive them with {@link ManualScheduler} in virtual time and the real node runs
 * everything on one small shared pool.
 */
public interface TaskScheduler {

  /** Runs {@code task} once after {@code delay}. Exceptions thrown by the task are logged. */
  Cancellable schedule(Duration delay, Runnable task);

  /** A scheduled task that can be cancelled; cancelling a task that already ran is harmless. */
  interface Cancellable {
    /** Prevents the task from running if it has not started. */
    void cancel();
  }
}
