package io.starling.drivers.testing;

import io.starling.runtime.driver.spi.DriverException;
import io.starling.runtime.driver.spi.I2cDevice;
import java.util.ArrayList;
import java.util.List;

/**
 * An I2C device as a 256-byte register map: reads return what the test put there, writes are stored
 * and logged. Unlike Pi4J's mock, registers keep their value when read.
 */
public final class FakeI2cDevice implements I2cDevice {

  private final int[] registers = new int[256];
  private final List<int[]> writes = new ArrayList<>();
  private boolean closed;
  private boolean failing;

  /** Sets consecutive registers from {@code start}; values are masked to 0..255. */
  public FakeI2cDevice set(int start, int... values) {
    for (int i = 0; i < values.length; i++) {
      registers[start + i] = values[i] & 0xFF;
    }
    return this;
  }

  /** Makes every later access fail, like a device that fell off the bus. */
  public void fail() {
    failing = true;
  }

  /** The writes so far, each as {@code {register, value}}. */
  public List<int[]> writes() {
    return writes;
  }

  /** The current value of a register. */
  public int get(int register) {
    return registers[register];
  }

  /** Consecutive registers as bytes, for tests that decode them directly. */
  public byte[] readRegistersUnchecked(int register, int length) {
    byte[] out = new byte[length];
    for (int i = 0; i < length; i++) {
      out[i] = (byte) registers[register + i];
    }
    return out;
  }

  /** Whether the driver closed the device. */
  public boolean isClosed() {
    return closed;
  }

  @Override
  public int readRegister(int register) throws DriverException {
    check();
    return registers[register];
  }

  @Override
  public byte[] readRegisters(int register, int length) throws DriverException {
    check();
    return readRegistersUnchecked(register, length);
  }

  @Override
  public void writeRegister(int register, int value) throws DriverException {
    check();
    writes.add(new int[] {register, value});
    registers[register] = value & 0xFF;
  }

  @Override
  public void close() {
    closed = true;
  }

  private void check() throws DriverException {
    if (failing) {
      throw new DriverException("i2c transfer failed (fake)");
    }
  }
}
