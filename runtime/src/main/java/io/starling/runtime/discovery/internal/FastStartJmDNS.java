package io.starling.runtime.discovery.internal;

import io.starling.runtime.schedule.TaskScheduler;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Timer;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;
import javax.jmdns.impl.JmDNSImpl;
import javax.jmdns.impl.tasks.state.Announcer;
import javax.jmdns.impl.tasks.state.Canceler;
import javax.jmdns.impl.tasks.state.Prober;

/**
 * A {@link JmDNSImpl} that probes and announces on RFC 6762 timing instead of jmDNS's, run on our
 * {@link TaskScheduler}.
 *
 * <p>Why a fresh jmDNS instance takes ~4 s to be seen (read in jmDNS 3.6's {@code Prober.start}):
 * the fast schedule (random 0–250 ms, then every {@code PROBE_WAIT_INTERVAL} 250 ms) is only taken
 * when the instance {@code isAnnounced()} already. A new instance is still probing, so every probe
 * run takes the conflict branch: first probe after {@code PROBE_CONFLICT_INTERVAL} 1 s, then every
 * 1 s, three probes (states PROBING_1..3). {@code Announcer.start} then waits another {@code
 * ANNOUNCE_WAIT_INTERVAL} 1 s before the first announcement. Peers first hear of the service at
 * about 4 s.
 *
 * <p>Here probing follows RFC 6762 §8.1 (random 0–250 ms, then three probes 250 ms apart) and the
 * first announcement goes out as soon as probing ends (§8.3), the second one second later. A new
 * node is announced after 0.75–1 s. After repeated conflicts probing slows to once per 5 s (§8.1:
 * more than 15 conflicts in 10 s).
 *
 * <p>Goodbyes: jmDNS's {@code Canceler} sends three goodbyes one second apart and {@code close()}
 * waits for the last, about 2 s. Receivers (jmDNS included) keep a goodbye record for one more
 * second (RFC 6762 §10.1), and each repeated goodbye restarts that second, so a peer is reported
 * lost about 1 s after the last goodbye. Here the goodbyes go 250 ms apart: close() takes ~0.5 s.
 * They run on our scheduler, so {@link JmdnsDiscovery} must be closed before that scheduler is shut
 * down (otherwise no goodbye is sent and jmDNS waits its 5 s close timeout).
 *
 * <p>jmDNS's constructor calls {@link #startProber()} before this subclass's fields are set; that
 * first prober is created (so the host record is associated with it) but only scheduled by {@link
 * #begin()}. Goodbyes, renewals, the record reaper and resolvers stay on jmDNS's own timers.
 */
final class FastStartJmDNS extends JmDNSImpl {

  /** RFC 6762 §8.1: probes are sent 250 ms apart, after a random 0–250 ms delay. */
  static final Duration PROBE_INTERVAL = Duration.ofMillis(250);

  /** RFC 6762 §8.3: announcements at least one second apart. */
  static final Duration ANNOUNCE_INTERVAL = Duration.ofSeconds(1);

  /**
   * Goodbyes (RFC 6762 §10.1) are repeated for robustness against loss; 250 ms apart, so that
   * close() returns after about 0.5 s instead of jmDNS's 2 s.
   */
  static final Duration GOODBYE_INTERVAL = Duration.ofMillis(250);

  /** RFC 6762 §8.1: after 15 conflicts within 10 s, wait 5 s between probe rounds. */
  private static final int CONFLICT_LIMIT = 15;

  private static final Duration CONFLICT_WINDOW = Duration.ofSeconds(10);
  private static final Duration CONFLICT_BACKOFF = Duration.ofSeconds(5);

  private final TaskScheduler scheduler;
  private final Deque<Long> proberStarts = new ArrayDeque<>();

  // Set while JmDNSImpl's constructor runs (before field initialisers): no initialiser on purpose.
  private ScheduledProber deferred;

  FastStartJmDNS(InetAddress address, String hostLabel, TaskScheduler scheduler)
      throws IOException {
    super(address, hostLabel);
    this.scheduler = scheduler;
  }

  /** Schedules the host's first probe, deferred from the constructor. */
  void begin() {
    ScheduledProber first = deferred;
    deferred = null;
    if (first != null) {
      first.begin(scheduler, firstProbeDelay());
    }
  }

  @Override
  public void startProber() {
    if (scheduler == null) {
      // Called from JmDNSImpl's constructor: take the host record now, start in begin().
      deferred = new ScheduledProber(this);
      return;
    }
    new ScheduledProber(this).begin(scheduler, firstProbeDelay());
  }

  @Override
  public void startAnnouncer() {
    if (scheduler == null) {
      super.startAnnouncer();
      return;
    }
    new ScheduledAnnouncer(this).begin(scheduler);
  }

  @Override
  public void startCanceler() {
    if (scheduler == null) {
      super.startCanceler();
      return;
    }
    new ScheduledCanceler(this).begin(scheduler);
  }

  private Duration firstProbeDelay() {
    long now = System.nanoTime();
    synchronized (proberStarts) {
      proberStarts.addLast(now);
      while (!proberStarts.isEmpty()
          && now - proberStarts.peekFirst() > CONFLICT_WINDOW.toNanos()) {
        proberStarts.removeFirst();
      }
      if (proberStarts.size() > CONFLICT_LIMIT) {
        return CONFLICT_BACKOFF;
      }
    }
    return Duration.ofMillis(ThreadLocalRandom.current().nextLong(PROBE_INTERVAL.toMillis() + 1));
  }

  /**
   * Runs {@code task} after {@code delay}, then every {@code period} until it cancels itself: how
   * jmDNS's state tasks would run on a {@code java.util.Timer}, here on our scheduler.
   */
  private static void repeat(
      TaskScheduler scheduler,
      Duration delay,
      Duration period,
      Runnable task,
      BooleanSupplier cancelled) {
    scheduler.schedule(
        delay,
        () -> {
          if (cancelled.getAsBoolean()) {
            return;
          }
          task.run();
          if (!cancelled.getAsBoolean()) {
            repeat(scheduler, period, period, task, cancelled);
          }
        });
  }

  /** jmDNS's prober: three probes 250 ms apart; then it cancels itself and starts the announcer. */
  private static final class ScheduledProber extends Prober {
    private volatile boolean cancelled;

    ScheduledProber(JmDNSImpl dns) {
      super(dns);
    }

    void begin(TaskScheduler scheduler, Duration delay) {
      repeat(scheduler, delay, PROBE_INTERVAL, this, () -> cancelled);
    }

    @Override
    public void start(Timer timer) {
      throw new UnsupportedOperationException("scheduled by FastStartJmDNS, not a Timer");
    }

    @Override
    public boolean cancel() {
      cancelled = true;
      return super.cancel();
    }
  }

  /** jmDNS's announcer: two announcements one second apart, then it starts the renewer. */
  private static final class ScheduledAnnouncer extends Announcer {
    private volatile boolean cancelled;

    ScheduledAnnouncer(JmDNSImpl dns) {
      super(dns);
    }

    void begin(TaskScheduler scheduler) {
      repeat(scheduler, Duration.ZERO, ANNOUNCE_INTERVAL, this, () -> cancelled);
    }

    @Override
    public void start(Timer timer) {
      throw new UnsupportedOperationException("scheduled by FastStartJmDNS, not a Timer");
    }

    @Override
    public boolean cancel() {
      cancelled = true;
      return super.cancel();
    }
  }

  /** jmDNS's canceler: three goodbyes (TTL 0), 250 ms apart instead of 1 s. */
  private static final class ScheduledCanceler extends Canceler {
    private volatile boolean cancelled;

    ScheduledCanceler(JmDNSImpl dns) {
      super(dns);
    }

    void begin(TaskScheduler scheduler) {
      repeat(scheduler, Duration.ZERO, GOODBYE_INTERVAL, this, () -> cancelled);
    }

    @Override
    public void start(Timer timer) {
      throw new UnsupportedOperationException("scheduled by FastStartJmDNS, not a Timer");
    }

    @Override
    public boolean cancel() {
      cancelled = true;
      return super.cancel();
    }
  }
}
