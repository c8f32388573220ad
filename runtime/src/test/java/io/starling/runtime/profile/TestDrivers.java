package io.starling.runtime.profile;

import io.starling.runtime.driver.DriverRegistry;
import io.starling.runtime.driver.spi.ActuatorDriver;
import io.starling.runtime.driver.spi.ActuatorDriverFactory;
import io.starling.runtime.driver.spi.ConfigKey;
import io.starling.runtime.driver.spi.DriverConfig;
import io.starling.runtime.driver.spi.DriverContext;
import io.starling.runtime.driver.spi.DriverException;
import io.starling.runtime.driver.spi.InvalidDriverConfigException;
import io.starling.runtime.driver.spi.SensorDriver;
import io.starling.runtime.driver.spi.SensorDriverFactory;
import java.util.List;

/**
 * Fake driver factories with the same types and config keys as the built-in drivers, so profiles
 * can be checked without the drivers module. They validate; they never open anything.
 */
public final class TestDrivers {

  private TestDrivers() {}

  /** simulated, bme280 and system sensors; simulated and gpio-output actuators. */
  public static DriverRegistry registry() {
    return DriverRegistry.of(
        List.of(
            new FakeSensor(
                "simulated",
                List.of(
                    optional("seed"),
                    optional("temperature"),
                    optional("humidity"),
                    optional("noise"),
                    optional("period"),
                    optional("fail-every"))),
            new Bme280(),
            new FakeSensor("system", List.of())),
        List.of(
            new FakeActuator(
                "simulated",
                List.of(optional("mode"), optional("initial"), optional("min"), optional("max"))),
            new FakeActuator(
                "gpio-output",
                List.of(
                    ConfigKey.required("pin", "integer", "BCM pin"),
                    optional("active-low"),
                    optional("initial")))));
  }

  static ConfigKey optional(String name) {
    return ConfigKey.optional(name, "any", "-", "test key " + name);
  }

  /** A sensor factory that only validates. */
  public static class FakeSensor implements SensorDriverFactory {
    private final String type;
    private final List<ConfigKey> keys;

    public FakeSensor(String type, List<ConfigKey> keys) {
      this.type = type;
      this.keys = keys;
    }

    @Override
    public String type() {
      return type;
    }

    @Override
    public String description() {
      return "fake " + type;
    }

    @Override
    public List<ConfigKey> configKeys() {
      return keys;
    }

    @Override
    public SensorDriver open(DriverContext context) throws DriverException {
      throw new DriverException("a fake driver cannot be opened");
    }
  }

  /** A BME280 sensor factory checking bus and address like the real one. */
  static final class Bme280 extends FakeSensor {
    Bme280() {
      super(
          "bme280",
          List.of(
              ConfigKey.optional("bus", "integer 0..10", "1", "I2C bus"),
              ConfigKey.optional("address", "integer 0x76|0x77", "0x76", "I2C address")));
    }

    @Override
    public void validate(DriverConfig config) throws InvalidDriverConfigException {
      super.validate(config);
      config.integer("bus", 1, 0, 10);
      long address = config.integer("address", 0x76, 0, 0x7f);
      if (address != 0x76 && address != 0x77) {
        throw new InvalidDriverConfigException(
            "address",
            "address 0x" + Long.toHexString(address) + " is not 0x76 or 0x77 (the BME280's)");
      }
    }
  }

  /** An actuator factory that only validates. */
  static final class FakeActuator implements ActuatorDriverFactory {
    private final String type;
    private final List<ConfigKey> keys;

    FakeActuator(String type, List<ConfigKey> keys) {
      this.type = type;
      this.keys = keys;
    }

    @Override
    public String type() {
      return type;
    }

    @Override
    public String description() {
      return "fake " + type;
    }

    @Override
    public List<ConfigKey> configKeys() {
      return keys;
    }

    @Override
    public ActuatorDriver open(DriverContext context) throws DriverException {
      throw new DriverException("a fake driver cannot be opened");
    }
  }
}
