package io.starling.runtime.driver.spi;

import java.time.Clock;
import org.slf4j.Logger;

/**
 * Everything a driver gets from the runtime when it is opened. Drivers use the clock for timestamps
 * (never {@code System.currentTimeMillis()}), so tests can drive them with a fake clock.
 */
public interface DriverContext {

  /** The sensor or actuator name from the profile, unique within its section. */
  String name();

  /** The validated config block from the profile (empty if the profile has none). */
  DriverConfig config();

  /** The clock for reading timestamps. */
  Clock clock();

  /** A logger named after the driver type and the sensor or actuator. */
  Logger logger();

  /** Buses and pins, for drivers that talk to hardware. */
  Hardware hardware();
}
