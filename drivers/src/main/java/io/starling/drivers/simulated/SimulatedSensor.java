package io.starling.drivers.simulated;

import io.starling.runtime.driver.spi.DriverException;
import io.starling.runtime.driver.spi.Reading;
import io.starling.runtime.driver.spi.SensorDriver;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Random;

/**
 * A sensor that computes its readings: {@code base + swing * sin(2π t / period) + noise}, where
 * {@code t} is the clock's time, the swing is {@value #TEMPERATURE_SWING} Cel for temperature and
 * {@value #HUMIDITY_SWING} %RH for humidity (in antiphase: warmer air is drier), and the noise is
 * uniform in {@code [-noise, +noise]} from a {@link Random} seeded once at open. For a given seed
 * and sequence of clock times the readings are always the same.
 */
final class SimulatedSensor implements SensorDriver {

  /** Amplitude of the temperature sine, in Cel. */
  static final double TEMPERATURE_SWING = 2.0;

  /** Amplitude of the humidity sine, in %RH. */
  static final double HUMIDITY_SWING = 5.0;

  private final SimulatedSensorFactory.Settings settings;
  private final Clock clock;
  private final Random random;
  private long reads;

  SimulatedSensor(SimulatedSensorFactory.Settings settings, Clock clock) {
    this.settings = settings;
    this.clock = clock;
    this.random = new Random(settings.seed());
  }

  @Override
  public List<Reading> read() throws DriverException {
    reads++;
    if (settings.failEvery() > 0 && reads % settings.failEvery() == 0) {
      throw new DriverException(
          "simulated failure on read " + reads + " (fail-every: " + settings.failEvery() + ")");
    }
    Instant now = clock.instant();
    double wave = Math.sin(2 * Math.PI * phase(now));
    double temperature = settings.temperature() + TEMPERATURE_SWING * wave + noise();
    double humidity = settings.humidity() - HUMIDITY_SWING * wave + noise();
    return List.of(
        Reading.of("temperature", "Cel", temperature, now),
        Reading.of("humidity", "%RH", Math.clamp(humidity, 0.0, 100.0), now));
  }

  /** Where {@code now} falls in the cycle, in {@code [0, 1)}. */
  private double phase(Instant now) {
    long periodMs = settings.period().toMillis();
    return (double) Math.floorMod(now.toEpochMilli(), periodMs) / periodMs;
  }

  private double noise() {
    return (random.nextDouble() * 2 - 1) * settings.noise();
  }
}
