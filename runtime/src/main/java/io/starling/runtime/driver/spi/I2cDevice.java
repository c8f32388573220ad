package io.starling.runtime.driver.spi;

/** One device on an I2C bus, addressed by register. Bytes are unsigned (0..255). */
public interface I2cDevice extends AutoCloseable {

  /** Reads one register, as an unsigned byte. */
  int readRegister(int register) throws DriverException;

  /** Reads {@code length} consecutive registers starting at {@code register}. */
  byte[] readRegisters(int register, int length) throws DriverException;

  /** Writes one register. */
  void writeRegister(int register, int value) throws DriverException;

  /** Releases the device. */
  @Override
  void close();
}
