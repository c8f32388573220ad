package io.starling.runtime.driver;

import io.starling.runtime.driver.spi.ActuatorDriver;
import io.starling.runtime.driver.spi.ActuatorDriverFactory;
import io.starling.runtime.driver.spi.ActuatorState;
import io.starling.runtime.driver.spi.DriverContext;
import io.starling.runtime.driver.spi.DriverException;
import io.starling.runtime.driver.spi.Value;
import io.starling.runtime.profile.ActuatorSpec;
import io.starling.runtime.schedule.TaskScheduler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One actuator as the node sees it: opens its driver (retrying with back-off while that fails) and
 * serialises commands and state queries onto it.
 */
public final class ActuatorChannel implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ActuatorChannel.class);

  private final ActuatorSpec spec;
  private final ActuatorDriverFactory factory;
  private final DriverContext context;
  private final TaskScheduler scheduler;
  private final Clock clock;
  private final Backoff backoff;

  private final Object lock = new Object();
  private ActuatorDriver driver;
  private TaskScheduler.Cancellable retry;
  private int failures;
  private boolean closed;
  private volatile Health health;

  /** A channel that will open the driver from {@code factory} with {@code context}. */
  public ActuatorChannel(
      ActuatorSpec spec,
      ActuatorDriverFactory factory,
      DriverContext context,
      TaskScheduler scheduler,
      Clock clock,
      Backoff backoff) {
    this.spec = spec;
    this.factory = factory;
    this.context = context;
    this.scheduler = scheduler;
    this.clock = clock;
    this.backoff = backoff;
    this.health = new Health(Health.State.STARTING, clock.instant(), null, null);
  }

  /** Opens the driver now; on failure retries in the background. */
  public void start() {
    synchronized (lock) {
      tryOpen();
    }
  }

  private void tryOpen() {
    if (closed || driver != null) {
      return;
    }
    Instant now = clock.instant();
    try {
      driver = factory.open(context);
      if (failures > 0) {
        LOG.info("actuator {}: opened after {} failed attempts", spec.name(), failures);
      }
      failures = 0;
      health = new Health(Health.State.HEALTHY, now, null, null);
    } catch (DriverException | RuntimeException e) {
      failures++;
      Duration delay = backoff.delay(failures);
      String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      if (failures == 1) {
        LOG.warn(
            "actuator {} (driver {}): {}; retrying with back-off from {}",
            spec.name(),
            factory.type(),
            message,
            delay);
      } else {
        LOG.debug("actuator {}: open failure {}: {}", spec.name(), failures, message);
      }
      Instant since = health.state() == Health.State.FAILING ? health.since() : now;
      health = new Health(Health.State.FAILING, since, message, now.plus(delay));
      retry =
          scheduler.schedule(
              delay,
              () -> {
                synchronized (lock) {
                  tryOpen();
                }
              });
    }
  }

  /** The actuator's profile entry. */
  public ActuatorSpec spec() {
    return spec;
  }

  /** The actuator's name. */
  public String name() {
    return spec.name();
  }

  /** The current health. */
  public Health health() {
    return health;
  }

  /** The current state, or empty while the driver is not open. */
  public Optional<ActuatorState> state() {
    synchronized (lock) {
      return driver == null ? Optional.empty() : Optional.of(driver.state());
    }
  }

  /**
   * Applies a command.
   *
   * @throws DriverException if the driver is not open, rejects the value ({@link
   *     io.starling.runtime.driver.spi.InvalidCommandException}) or fails
   */
  public ActuatorState apply(Value command) throws DriverException {
    synchronized (lock) {
      if (driver == null) {
        throw new DriverException(
            "actuator "
                + spec.name()
                + " is unavailable: "
                + Optional.ofNullable(health.error()).orElse("not open"));
      }
      ActuatorState state = driver.apply(command);
      LOG.debug("actuator {}: set to {}", spec.name(), state.value());
      return state;
    }
  }

  /** Closes the driver (which leaves the device in a safe state where it knows one). */
  @Override
  public void close() {
    synchronized (lock) {
      closed = true;
      if (retry != null) {
        retry.cancel();
      }
      if (driver != null) {
        try {
          driver.close();
        } catch (RuntimeException e) {
          LOG.debug("actuator {}: close failed", spec.name(), e);
        }
        driver = null;
      }
    }
  }
}
