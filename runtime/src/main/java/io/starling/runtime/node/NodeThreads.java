package io.starling.runtime.node;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The node's threads, all of them: one for the CoAP protocol stage and one for timers (driver
 * sampling and Californium's retransmission timers). Californium's UDP connector adds one receiver
 * and one sender thread. Drivers must return promptly, as the SPI requires, so sharing the timer
 * thread is safe.
 */
final class NodeThreads implements AutoCloseable {

  final ScheduledExecutorService protocol;
  final ScheduledExecutorService timer;

  NodeThreads(String nodeName) {
    this.protocol = Executors.newSingleThreadScheduledExecutor(named("starling-coap-" + nodeName));
    this.timer = Executors.newSingleThreadScheduledExecutor(named("starling-timer-" + nodeName));
  }

  private static ThreadFactory named(String name) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, n.getAndIncrement() == 0 ? name : name + "-" + n.get());
      t.setDaemon(true);
      return t;
    };
  }

  /** Stops both executors, waiting up to {@code millis} for running tasks. */
  void shutdown(long millis) {
    protocol.shutdownNow();
    timer.shutdownNow();
    try {
      long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
      protocol.awaitTermination(millis, TimeUnit.MILLISECONDS);
      timer.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    shutdown(1000);
  }
}
