package io.starling.runtime.driver.spi;

/** A GPIO pin driven high or low. */
public interface DigitalOutput extends AutoCloseable {

  /** Drives the pin: {@code true} = high. */
  void set(boolean high) throws DriverException;

  /** The level last driven. */
  boolean isHigh();

  /** Releases the pin. */
  @Override
  void close();
}
