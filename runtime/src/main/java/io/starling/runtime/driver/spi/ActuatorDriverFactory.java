package io.starling.runtime.driver.spi;

/**
 * Creates {@link ActuatorDriver}s of one type. Register implementations in {@code
 * META-INF/services/io.starling.runtime.driver.spi.ActuatorDriverFactory}.
 */
public interface ActuatorDriverFactory extends DriverFactory {

  /**
   * Opens a driver for one actuator of the profile. The context's config has already passed {@link
   * #validate(DriverConfig)}.
   *
   * @throws DriverException if the device cannot be reached or initialised
   */
  ActuatorDriver open(DriverContext context) throws DriverException;
}
