package io.starling.runtime.driver;

import io.starling.runtime.profile.SensorSpec;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One sensor as the rest of the node sees it: its spec, its latest sample, its health, and the
 * listeners told of each new sample. Written by its {@link SensorSampler}, read from any thread.
 */
public final class SensorChannel {

  private static final Logger LOG = LoggerFactory.getLogger(SensorChannel.class);

  private final SensorSpec spec;
  private final List<Consumer<Sample>> listeners = new CopyOnWriteArrayList<>();
  private volatile Sample latest;
  private volatile Health health;

  /** A channel with no sample yet, {@link Health.State#STARTING} since {@code now}. */
  public SensorChannel(SensorSpec spec, Instant now) {
    this.spec = spec;
    this.health = new Health(Health.State.STARTING, now, null, null);
  }

  /** The sensor's profile entry. */
  public SensorSpec spec() {
    return spec;
  }

  /** The sensor's name. */
  public String name() {
    return spec.name();
  }

  /** The latest sample, if any read has succeeded. */
  public Optional<Sample> latest() {
    return Optional.ofNullable(latest);
  }

  /** The current health. */
  public Health health() {
    return health;
  }

  /** Registers a listener called, on the sampling thread, after each new sample. */
  public void addListener(Consumer<Sample> listener) {
    listeners.add(listener);
  }

  /** Removes a listener. */
  public void removeListener(Consumer<Sample> listener) {
    listeners.remove(listener);
  }

  void publish(Sample sample) {
    latest = sample;
    for (Consumer<Sample> l : listeners) {
      try {
        l.accept(sample);
      } catch (RuntimeException e) {
        LOG.warn("sensor {}: a sample listener failed", spec.name(), e);
      }
    }
  }

  void health(Health health) {
    this.health = health;
  }
}
