package io.starling.runtime.driver.spi;

/**
 * Creates {@link SensorDriver}s of one type. Register implementations in {@code
 * META-INF/services/io.starling.runtime.driver.spi.SensorDriverFactory}.
 */
public interface SensorDriverFactory extends DriverFactory {

  /**
   * Opens a driver for one sensor of the profile. The context's config has already passed {@link
   * #validate(DriverConfig)}.
   *
   * @throws DriverException if the device cannot be reached or initialised; the runtime retries
   *     with back-off
   */
  SensorDriver open(DriverContext context) throws DriverException;
}
