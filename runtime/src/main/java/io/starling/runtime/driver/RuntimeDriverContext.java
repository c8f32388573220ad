package io.starling.runtime.driver;

import io.starling.runtime.driver.spi.DriverConfig;
import io.starling.runtime.driver.spi.DriverContext;
import io.starling.runtime.driver.spi.Hardware;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runtime's {@link DriverContext}: the driver's logger is named {@code
 * io.starling.driver.<type>.<name>} so one device's logging can be turned up on its own.
 */
public record RuntimeDriverContext(
    String name, DriverConfig config, Clock clock, Logger logger, Hardware hardware)
    implements DriverContext {

  /** A context for the sensor or actuator {@code name} of driver type {@code type}. */
  public static RuntimeDriverContext of(
      String type, String name, DriverConfig config, Clock clock, Hardware hardware) {
    return new RuntimeDriverContext(
        name,
        config,
        clock,
        LoggerFactory.getLogger("io.starling.driver." + type + "." + name),
        hardware);
  }
}
