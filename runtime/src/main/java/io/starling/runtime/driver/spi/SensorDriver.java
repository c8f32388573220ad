package io.starling.runtime.driver.spi;

import java.util.List;

/**
 * A sensor, read by the runtime on the interval the profile gives. Calls come from one runtime
 * thread at a time; a driver needs no locking of its own.
 */
public interface SensorDriver extends AutoCloseable {

  /**
   * Takes one sample. Must return promptly (no sleeping, no waiting on other threads): a conversion
   * that needs time is started in one call and collected in the next.
   *
   * @return the readings of this sample, at least one; each maps to one SenML record
   * @throws DriverException if the device failed; the sensor is marked unhealthy and retried with
   *     back-off
   */
  List<Reading> read() throws DriverException;

  /** Releases the device. Called once, when the node stops or the driver is reopened. */
  @Override
  default void close() {}
}
