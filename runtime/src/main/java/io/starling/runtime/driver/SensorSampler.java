package io.starling.runtime.driver;

import io.starling.runtime.driver.spi.DriverContext;
import io.starling.runtime.driver.spi.DriverException;
import io.starling.runtime.driver.spi.Reading;
import io.starling.runtime.driver.spi.SensorDriver;
import io.starling.runtime.driver.spi.SensorDriverFactory;
import io.starling.runtime.schedule.TaskScheduler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one sensor on its interval and feeds its {@link SensorChannel}.
 *
 * <p>A failing driver (an exception from {@code open} or {@code read}) marks the sensor {@link
 * Health.State#FAILING}, logged once at WARN on the transition (then at DEBUG), and is retried
 * after {@link Backoff} delays; after {@value #REOPEN_AFTER} read failures in a row the driver is
 * closed and reopened, which re-initialises devices that lost their configuration. Recovery is
 * logged once at INFO. Nothing a driver does stops the node.
 */
public final class SensorSampler implements AutoCloseable {

  /** Consecutive read failures after which the driver is closed and reopened. */
  static final int REOPEN_AFTER = 3;

  private static final Logger LOG = LoggerFactory.getLogger(SensorSampler.class);

  private final SensorChannel channel;
  private final SensorDriverFactory factory;
  private final DriverContext context;
  private final TaskScheduler scheduler;
  private final Clock clock;
  private final Backoff backoff;

  private final Object lock = new Object();
  private SensorDriver driver;
  private TaskScheduler.Cancellable next;
  private int failures;
  private long samples;
  private boolean closed;

  /** A sampler that will open the driver from {@code factory} with {@code context}. */
  public SensorSampler(
      SensorChannel channel,
      SensorDriverFactory factory,
      DriverContext context,
      TaskScheduler scheduler,
      Clock clock,
      Backoff backoff) {
    this.channel = channel;
    this.factory = factory;
    this.context = context;
    this.scheduler = scheduler;
    this.clock = clock;
    this.backoff = backoff;
  }

  /** Takes the first sample now and then one every interval. */
  public void start() {
    synchronized (lock) {
      next = scheduler.schedule(Duration.ZERO, this::tick);
    }
  }

  private void tick() {
    synchronized (lock) {
      if (closed) {
        return;
      }
      Instant started = clock.instant();
      try {
        if (driver == null) {
          driver = factory.open(context);
        }
        List<Reading> readings = driver.read();
        if (readings == null || readings.isEmpty()) {
          throw new DriverException("the driver returned no readings");
        }
        succeeded(readings);
      } catch (DriverException | RuntimeException e) {
        failed(e);
        return;
      }
      Duration interval = channel.spec().interval();
      Duration spent = Duration.between(started, clock.instant());
      Duration delay = interval.minus(spent);
      next = scheduler.schedule(delay.isNegative() ? Duration.ZERO : delay, this::tick);
    }
  }

  private void succeeded(List<Reading> readings) {
    Instant now = clock.instant();
    if (failures > 0) {
      LOG.info("sensor {}: recovered after {} failed attempts", channel.name(), failures);
    }
    failures = 0;
    if (!channel.health().isHealthy()) {
      channel.health(new Health(Health.State.HEALTHY, now, null, null));
    }
    samples++;
    channel.publish(new Sample(channel.name(), channel.spec().topic(), samples, readings, now));
  }

  private void failed(Exception e) {
    failures++;
    Instant now = clock.instant();
    Duration delay = backoff.delay(failures);
    String message = describe(e);
    if (failures == 1) {
      LOG.warn(
          "sensor {} (driver {}): {}; retrying with back-off from {}",
          channel.name(),
          factory.type(),
          message,
          delay);
      if (e instanceof RuntimeException) {
        LOG.debug("sensor {}: driver bug", channel.name(), e);
      }
    } else {
      LOG.debug("sensor {}: failure {}: {}", channel.name(), failures, message);
    }
    Instant since =
        channel.health().state() == Health.State.FAILING ? channel.health().since() : now;
    channel.health(new Health(Health.State.FAILING, since, message, now.plus(delay)));
    if (driver != null && failures % REOPEN_AFTER == 0) {
      closeDriver();
    }
    next = scheduler.schedule(delay, this::tick);
  }

  private static String describe(Exception e) {
    String m = e.getMessage();
    return e instanceof DriverException
        ? (m == null ? "driver failure" : m)
        : e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
  }

  private void closeDriver() {
    try {
      driver.close();
    } catch (RuntimeException e) {
      LOG.debug("sensor {}: close failed", channel.name(), e);
    }
    driver = null;
  }

  /** Stops sampling and closes the driver. */
  @Override
  public void close() {
    synchronized (lock) {
      closed = true;
      if (next != null) {
        next.cancel();
      }
      if (driver != null) {
        closeDriver();
      }
    }
  }
}
