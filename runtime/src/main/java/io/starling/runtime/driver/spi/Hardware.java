package io.starling.runtime.driver.spi;

/**
 * Narrow access to the device's buses and pins, backed by the node's single Pi4J context (the mock
 * platform in tests and on machines that are not a Pi). Drivers that need no hardware never call
 * it, and then no Pi4J context is created.
 */
public interface Hardware {

  /**
   * Opens a device on an I2C bus.
   *
   * @param bus the bus number ({@code 1} on a Raspberry Pi's header)
   * @param address the 7-bit device address, e.g. {@code 0x76}
   * @throws DriverException if the bus cannot be opened
   */
  I2cDevice i2c(int bus, int address) throws DriverException;

  /**
   * Opens a GPIO pin as a digital output.
   *
   * @param pin the BCM pin number
   * @param initial the level to drive at once ({@code true} = high)
   * @throws DriverException if the pin cannot be claimed
   */
  DigitalOutput digitalOutput(int pin, boolean initial) throws DriverException;
}
