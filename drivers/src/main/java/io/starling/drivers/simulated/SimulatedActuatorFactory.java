package io.starling.drivers.simulated;

import io.starling.drivers.internal.Configs;
import io.starling.runtime.driver.spi.ActuatorDriver;
import io.starling.runtime.driver.spi.ActuatorDriverFactory;
import io.starling.runtime.driver.spi.ConfigKey;
import io.starling.runtime.driver.spi.DriverConfig;
import io.starling.runtime.driver.spi.DriverContext;
import io.starling.runtime.driver.spi.DriverException;
import io.starling.runtime.driver.spi.InvalidDriverConfigException;
import java.util.List;

/**
 * The {@code simulated} actuator: remembers the last command. As a {@code switch} it is on or off;
 * as a {@code level} it holds a number in {@code [min, max]} (a dimmer, a valve position).
 */
public final class SimulatedActuatorFactory implements ActuatorDriverFactory {

  /** The type name profiles use. */
  public static final String TYPE = "simulated";

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public String description() {
    return "simulated switch (on/off) or level (number in [min, max]) that remembers its state";
  }

  @Override
  public List<ConfigKey> configKeys() {
    return List.of(
        ConfigKey.optional("mode", "switch|level", "switch", "on/off switch or numeric level"),
        ConfigKey.optional(
            "initial",
            "boolean (switch) | number (level)",
            "false | min",
            "state at open: false for a switch, min for a level"),
        ConfigKey.optional("min", "number", "0", "lowest level (level mode only)"),
        ConfigKey.optional("max", "number > min", "100", "highest level (level mode only)"),
        ConfigKey.optional(
            "unit", "SenML unit", "%", "unit of the level (level mode only), RFC 8428 §12.1"));
  }

  @Override
  public void validate(DriverConfig config) throws InvalidDriverConfigException {
    ActuatorDriverFactory.super.validate(config);
    Settings.of(config);
  }

  @Override
  public ActuatorDriver open(DriverContext context) throws DriverException {
    Settings s = Configs.atOpen(context.config(), Settings::of);
    return s.level()
        ? new SimulatedActuator.Level(context.name(), context.clock(), s)
        : new SimulatedActuator.Switch(context.name(), context.clock(), s);
  }

  /**
   * The actuator's validated settings.
   *
   * @param level {@code true} for level mode, {@code false} for a switch
   * @param initialOn a switch's state at open
   * @param initialLevel a level's value at open, in {@code unit}
   * @param min lowest level, in {@code unit}
   * @param max highest level, in {@code unit}
   * @param unit SenML unit of the level
   */
  record Settings(
      boolean level, boolean initialOn, double initialLevel, double min, double max, String unit) {

    static Settings of(DriverConfig c) throws InvalidDriverConfigException {
      String mode = c.string("mode", "switch");
      switch (mode) {
        case "switch" -> {
          for (String key : List.of("min", "max", "unit")) {
            if (c.has(key)) {
              throw new InvalidDriverConfigException(
                  key, key + " applies to mode: level only; this actuator is a switch");
            }
          }
          return new Settings(false, c.bool("initial", false), 0, 0, 0, null);
        }
        case "level" -> {
          double min = c.decimal("min", 0, -Double.MAX_VALUE, Double.MAX_VALUE);
          double max = c.decimal("max", 100, -Double.MAX_VALUE, Double.MAX_VALUE);
          if (!(max > min)) {
            throw new InvalidDriverConfigException(
                "max", "max " + max + " must be greater than min " + min);
          }
          double initial = c.decimal("initial", min, min, max);
          return new Settings(true, false, initial, min, max, c.string("unit", "%"));
        }
        default ->
            throw new InvalidDriverConfigException(
                "mode", "mode '" + mode + "' is not one of: switch, level");
      }
    }
  }
}
