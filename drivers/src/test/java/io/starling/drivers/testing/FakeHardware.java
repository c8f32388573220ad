package io.starling.drivers.testing;

import io.starling.runtime.driver.spi.DigitalOutput;
import io.starling.runtime.driver.spi.DriverException;
import io.starling.runtime.driver.spi.Hardware;
import io.starling.runtime.driver.spi.I2cDevice;
import java.util.HashMap;
import java.util.Map;

/** Hardware for tests: hands out the fake devices a test registered, by bus/address or pin. */
public final class FakeHardware implements Hardware {

  private final Map<String, FakeI2cDevice> i2c = new HashMap<>();
  private final Map<Integer, FakeDigitalOutput> outputs = new HashMap<>();

  /** Hardware with nothing attached: every open fails. */
  public static FakeHardware none() {
    return new FakeHardware();
  }

  /** Attaches a device at {@code bus}/{@code address}. */
  public FakeHardware withI2c(int bus, int address, FakeI2cDevice device) {
    i2c.put(bus + "/" + address, device);
    return this;
  }

  /** The output opened on {@code pin}, if any. */
  public FakeDigitalOutput output(int pin) {
    return outputs.get(pin);
  }

  @Override
  public I2cDevice i2c(int bus, int address) throws DriverException {
    FakeI2cDevice d = i2c.get(bus + "/" + address);
    if (d == null) {
      throw new DriverException(
          "no device at i2c bus " + bus + " address 0x" + Integer.toHexString(address));
    }
    return d;
  }

  @Override
  public DigitalOutput digitalOutput(int pin, boolean initial) {
    FakeDigitalOutput out = new FakeDigitalOutput(pin, initial);
    outputs.put(pin, out);
    return out;
  }
}
