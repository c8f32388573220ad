package io.starling.runtime.schedule;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.PriorityQueue;

/**
 * A {@link TaskScheduler} in virtual time, for tests and simulations: nothing runs until {@link
 * #advance} moves the clock, and then tasks run in due order on the caller's thread. Its {@link
 * #clock()} reads the same virtual time.
 */
public final class ManualScheduler implements TaskScheduler {

  private final PriorityQueue<Task> queue = new PriorityQueue<>();
  private Instant now;
  private long sequence;

  /** Starts the virtual clock at {@code start}. */
  public ManualScheduler(Instant start) {
    this.now = start;
  }

  @Override
  public synchronized Cancellable schedule(Duration delay, Runnable task) {
    Task t = new Task(now.plus(delay), sequence++, task);
    queue.add(t);
    return () -> t.cancelled = true;
  }

  /** Moves virtual time forward by {@code duration}, running every task that falls due. */
  public void advance(Duration duration) {
    Instant end;
    synchronized (this) {
      end = now.plus(duration);
    }
    while (true) {
      Task next;
      synchronized (this) {
        next = queue.peek();
        if (next == null || next.due.isAfter(end)) {
          now = end;
          return;
        }
        queue.poll();
        now = next.due;
      }
      if (!next.cancelled) {
        next.task.run();
      }
    }
  }

  /** The current virtual time. */
  public synchronized Instant now() {
    return now;
  }

  /** Tasks waiting to run. */
  public synchronized int pending() {
    return (int) queue.stream().filter(t -> !t.cancelled).count();
  }

  /** A clock that reads this scheduler's virtual time. */
  public Clock clock() {
    return new Clock() {
      @Override
      public ZoneId getZone() {
        return ZoneOffset.UTC;
      }

      @Override
      public Clock withZone(ZoneId zone) {
        return this;
      }

      @Override
      public Instant instant() {
        return now();
      }
    };
  }

  private static final class Task implements Comparable<Task> {
    final Instant due;
    final long order;
    final Runnable task;
    volatile boolean cancelled;

    Task(Instant due, long order, Runnable task) {
      this.due = due;
      this.order = order;
      this.task = task;
    }

    @Override
    public int compareTo(Task o) {
      int c = due.compareTo(o.due);
      return c != 0 ? c : Long.compare(order, o.order);
    }
  }
}
