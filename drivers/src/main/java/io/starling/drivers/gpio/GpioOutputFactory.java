package io.starling.drivers.gpio;

import io.starling.drivers.internal.Configs;
import io.starling.runtime.driver.spi.ActuatorDriver;
import io.starling.runtime.driver.spi.ActuatorDriverFactory;
import io.starling.runtime.driver.spi.ConfigKey;
import io.starling.runtime.driver.spi.DriverConfig;
import io.starling.runtime.driver.spi.DriverContext;
import io.starling.runtime.driver.spi.DriverException;
import io.starling.runtime.driver.spi.InvalidDriverConfigException;
import java.util.List;

/** The {@code gpio-output} actuator: one GPIO pin switching a relay, LED or transistor. */
public final class GpioOutputFactory implements ActuatorDriverFactory {

  /** The type name profiles use. */
  public static final String TYPE = "gpio-output";

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public String description() {
    return "a GPIO pin driven on/off (relay, LED); turned off when the node stops";
  }

  @Override
  public List<ConfigKey> configKeys() {
    return List.of(
        ConfigKey.required("pin", "integer 0..27 (BCM)", "BCM GPIO number, not the header pin"),
        ConfigKey.optional(
            "active-low",
            "boolean",
            "false",
            "true if the device is on when the pin is low (many relay boards)"),
        ConfigKey.optional("initial", "boolean", "false", "on or off at open"));
  }

  @Override
  public void validate(DriverConfig config) throws InvalidDriverConfigException {
    ActuatorDriverFactory.super.validate(config);
    Settings.of(config);
  }

  @Override
  public ActuatorDriver open(DriverContext context) throws DriverException {
    Settings s = Configs.atOpen(context.config(), Settings::of);
    boolean level = s.initial() != s.activeLow();
    return new GpioOutput(
        context.name(),
        context.hardware().digitalOutput(s.pin(), level),
        s.activeLow(),
        context.clock(),
        context.logger());
  }

  /**
   * The actuator's validated settings.
   *
   * @param pin BCM GPIO number, 0..27
   * @param activeLow whether "on" drives the pin low
   * @param initial on or off at open
   */
  record Settings(int pin, boolean activeLow, boolean initial) {

    static Settings of(DriverConfig c) throws InvalidDriverConfigException {
      long pin = c.integer("pin", -1, 0, 27);
      if (pin < 0) {
        throw new InvalidDriverConfigException("pin", "missing required key 'pin'");
      }
      return new Settings((int) pin, c.bool("active-low", false), c.bool("initial", false));
    }
  }
}
