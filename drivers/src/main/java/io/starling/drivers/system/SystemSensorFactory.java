package io.starling.drivers.system;

import io.starling.drivers.internal.Configs;
import io.starling.runtime.driver.spi.ConfigKey;
import io.starling.runtime.driver.spi.DriverConfig;
import io.starling.runtime.driver.spi.DriverContext;
import io.starling.runtime.driver.spi.DriverException;
import io.starling.runtime.driver.spi.InvalidDriverConfigException;
import io.starling.runtime.driver.spi.SensorDriver;
import io.starling.runtime.driver.spi.SensorDriverFactory;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;

/**
 * The {@code system} sensor: the node's own health from Linux's {@code /proc} and {@code /sys} (CPU
 * temperature, load, memory) and the free space of one file system.
 */
public final class SystemSensorFactory implements SensorDriverFactory {

  /** The type name profiles use. */
  public static final String TYPE = "system";

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public String description() {
    return "this device: CPU temperature (Cel), 1-minute load, available memory (B, /), free disk"
        + " (B)";
  }

  @Override
  public List<ConfigKey> configKeys() {
    return List.of(
        ConfigKey.optional(
            "root",
            "path",
            "/",
            "directory that holds proc/ and sys/ (tests and containers point it elsewhere)"),
        ConfigKey.optional(
            "disk", "path", "/", "a path on the file system whose free space to report"));
  }

  @Override
  public void validate(DriverConfig config) throws InvalidDriverConfigException {
    SensorDriverFactory.super.validate(config);
    Settings.of(config);
  }

  @Override
  public SensorDriver open(DriverContext context) throws DriverException {
    Settings s = Configs.atOpen(context.config(), Settings::of);
    return new SystemSensor(s.root(), s.disk(), context.clock(), context.logger());
  }

  /**
   * The sensor's validated settings.
   *
   * @param root directory holding {@code proc/} and {@code sys/}
   * @param disk a path on the file system to report free space of
   */
  record Settings(Path root, Path disk) {

    static Settings of(DriverConfig c) throws InvalidDriverConfigException {
      return new Settings(path(c, "root"), path(c, "disk"));
    }

    private static Path path(DriverConfig c, String key) throws InvalidDriverConfigException {
      String text = c.string(key, "/");
      try {
        return Path.of(text);
      } catch (InvalidPathException e) {
        throw new InvalidDriverConfigException(key, key + " '" + text + "' is not a valid path");
      }
    }
  }
}
