package io.starling.runtime.node;

import io.starling.runtime.driver.spi.DigitalOutput;
import io.starling.runtime.driver.spi.DriverException;
import io.starling.runtime.driver.spi.Hardware;
import io.starling.runtime.driver.spi.I2cDevice;

/** Hardware access that is not there: every bus request fails with a clear message. */
enum NoHardware implements Hardware {
  INSTANCE;

  @Override
  public I2cDevice i2c(int bus, int address) throws DriverException {
    throw new DriverException(
        "no hardware platform is configured for this node (I2C bus " + bus + ")");
  }

  @Override
  public DigitalOutput digitalOutput(int pin, boolean initial) throws DriverException {
    throw new DriverException(
        "no hardware platform is configured for this node (GPIO " + pin + ")");
  }
}
