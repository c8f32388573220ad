package io.starling.drivers.simulated;

import io.starling.drivers.internal.Configs;
import io.starling.runtime.driver.spi.ConfigKey;
import io.starling.runtime.driver.spi.DriverConfig;
import io.starling.runtime.driver.spi.DriverContext;
import io.starling.runtime.driver.spi.DriverException;
import io.starling.runtime.driver.spi.InvalidDriverConfigException;
import io.starling.runtime.driver.spi.SensorDriver;
import io.starling.runtime.driver.spi.SensorDriverFactory;
import java.time.Duration;
import java.util.List;

/**
 * The {@code simulated} sensor: a temperature and humidity pair that follows a slow sine wave plus
 * seeded noise, so demos and tests get plausible, reproducible data with no hardware.
 */
public final class SimulatedSensorFactory implements SensorDriverFactory {

  /** The type name profiles use. */
  public static final String TYPE = "simulated";

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public String description() {
    return "simulated temperature (Cel) and humidity (%RH): sine wave plus seeded noise";
  }

  @Override
  public List<ConfigKey> configKeys() {
    return List.of(
        ConfigKey.optional("seed", "integer", "1", "seed of the noise generator"),
        ConfigKey.optional(
            "temperature", "number -40..85 (Cel)", "21.0", "base temperature in degrees Celsius"),
        ConfigKey.optional(
            "humidity", "number 0..100 (%RH)", "50.0", "base relative humidity in percent"),
        ConfigKey.optional(
            "noise", "number 0..10", "0.2", "noise amplitude, in the unit of each reading"),
        ConfigKey.optional(
            "period", "duration >= 1s", "10m", "length of one cycle of the sine wave"),
        ConfigKey.optional(
            "fail-every",
            "integer >= 0",
            "0",
            "every Nth read fails with a driver error (0 = never), to show health and back-off"));
  }

  @Override
  public void validate(DriverConfig config) throws InvalidDriverConfigException {
    SensorDriverFactory.super.validate(config);
    Settings.of(config);
  }

  @Override
  public SensorDriver open(DriverContext context) throws DriverException {
    return new SimulatedSensor(Configs.atOpen(context.config(), Settings::of), context.clock());
  }

  /**
   * The sensor's validated settings.
   *
   * @param seed seed of the noise generator
   * @param temperature base temperature, Cel
   * @param humidity base relative humidity, %RH
   * @param noise noise amplitude: each reading is off by at most this much, in its own unit
   * @param period length of one sine cycle
   * @param failEvery every Nth read fails; 0 = never
   */
  record Settings(
      long seed,
      double temperature,
      double humidity,
      double noise,
      Duration period,
      long failEvery) {

    static Settings of(DriverConfig c) throws InvalidDriverConfigException {
      return new Settings(
          c.integer("seed", 1, Long.MIN_VALUE, Long.MAX_VALUE),
          c.decimal("temperature", 21.0, -40, 85),
          c.decimal("humidity", 50.0, 0, 100),
          c.decimal("noise", 0.2, 0, 10),
          c.duration("period", Duration.ofMinutes(10), Duration.ofSeconds(1)),
          c.integer("fail-every", 0, 0, Long.MAX_VALUE));
    }
  }
}
