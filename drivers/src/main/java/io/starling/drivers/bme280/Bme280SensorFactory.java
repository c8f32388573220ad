package io.starling.drivers.bme280;

import io.starling.drivers.internal.Configs;
import io.starling.runtime.driver.spi.ConfigKey;
import io.starling.runtime.driver.spi.DriverConfig;
import io.starling.runtime.driver.spi.DriverContext;
import io.starling.runtime.driver.spi.DriverException;
import io.starling.runtime.driver.spi.InvalidDriverConfigException;
import io.starling.runtime.driver.spi.SensorDriver;
import io.starling.runtime.driver.spi.SensorDriverFactory;
import java.util.List;

/**
 * The {@code bme280} sensor: Bosch BME280 temperature, humidity and pressure sensor on I2C
 * (datasheet BST-BME280-DS002).
 */
public final class Bme280SensorFactory implements SensorDriverFactory {

  /** The type name profiles use. */
  public static final String TYPE = "bme280";

  /** Oversampling factors the chip supports (datasheet §5.4.3, §5.4.5: osrs_x settings). */
  static final List<Integer> OVERSAMPLING = List.of(1, 2, 4, 8, 16);

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public String description() {
    return "Bosch BME280 on I2C: temperature (Cel), humidity (%RH), pressure (Pa)";
  }

  @Override
  public List<ConfigKey> configKeys() {
    return List.of(
        ConfigKey.optional("bus", "integer 0..10", "1", "I2C bus number (1 on a Pi's header)"),
        ConfigKey.optional(
            "address", "integer 0x76|0x77", "0x76", "I2C address (SDO to GND: 0x76, to VDD: 0x77)"),
        ConfigKey.optional(
            "oversampling",
            "integer 1|2|4|8|16",
            "1",
            "samples averaged per measurement, for all three quantities: more is less noisy and"
                + " slower"));
  }

  @Override
  public void validate(DriverConfig config) throws InvalidDriverConfigException {
    SensorDriverFactory.super.validate(config);
    Settings.of(config);
  }

  @Override
  public SensorDriver open(DriverContext context) throws DriverException {
    Settings s = Configs.atOpen(context.config(), Settings::of);
    return Bme280Sensor.open(
        context.hardware().i2c(s.bus(), s.address()), s.oversampling(), context.clock());
  }

  /**
   * The sensor's validated settings.
   *
   * @param bus I2C bus number
   * @param address 7-bit I2C address, 0x76 or 0x77
   * @param oversampling 1, 2, 4, 8 or 16
   */
  record Settings(int bus, int address, int oversampling) {

    static Settings of(DriverConfig c) throws InvalidDriverConfigException {
      int bus = (int) c.integer("bus", 1, 0, 10);
      long address = c.integer("address", 0x76, 0, 0x7F);
      if (address != 0x76 && address != 0x77) {
        throw new InvalidDriverConfigException(
            "address",
            "address 0x"
                + Long.toHexString(address)
                + " is not 0x76 or 0x77 (the only addresses a BME280 has)");
      }
      int oversampling = (int) c.integer("oversampling", 1, 1, 16);
      if (!OVERSAMPLING.contains(oversampling)) {
        throw new InvalidDriverConfigException(
            "oversampling", "oversampling " + oversampling + " is not one of " + OVERSAMPLING);
      }
      return new Settings(bus, (int) address, oversampling);
    }
  }
}
