package io.starling.runtime.driver.internal;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import com.pi4j.io.IO;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.io.i2c.I2C;
import com.pi4j.plugin.mock.Mock;
import com.pi4j.plugin.mock.platform.MockPlatform;
import com.pi4j.plugin.mock.provider.gpio.analog.MockAnalogInputProvider;
import com.pi4j.plugin.mock.provider.gpio.analog.MockAnalogOutputProvider;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInputProvider;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalOutputProvider;
import com.pi4j.plugin.mock.provider.i2c.MockI2CProvider;
import com.pi4j.plugin.mock.provider.pwm.MockPwmProvider;
import com.pi4j.plugin.mock.provider.serial.MockSerialProvider;
import com.pi4j.plugin.mock.provider.spi.MockSpiProvider;
import io.starling.runtime.driver.spi.DigitalOutput;
import io.starling.runtime.driver.spi.DriverException;
import io.starling.runtime.driver.spi.Hardware;
import io.starling.runtime.driver.spi.I2cDevice;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link Hardware} backed by one Pi4J 3 {@link Context}, created on first use so that nodes whose
 * drivers need no hardware never start Pi4J. Every Pi4J failure (its exceptions are unchecked)
 * becomes a {@link DriverException} naming the bus, address or pin. Thread-safe.
 *
 * <p>Each device is registered in the context under a Starling id ({@code starling-i2c-1-0x76},
 * {@code starling-gpio-17}) and shut down and unregistered when its driver closes it, so a driver
 * can be reopened after a failure.
 */
public final class Pi4jHardware implements Hardware, AutoCloseable {

  /** Which Pi4J providers to use. */
  public enum Platform {
    /**
     * Pi4J's own detection: on a Raspberry Pi the linuxfs (I2C) and gpiod (GPIO) plugins; elsewhere
     * Pi4J falls back to its mock plugin.
     */
    AUTO,
    /** Pi4J's mock providers only, explicitly: for tests and for machines that are not a Pi. */
    MOCK
  }

  private static final Logger LOG = LoggerFactory.getLogger(Pi4jHardware.class);

  private final Platform platform;
  private Context context; // guarded by this
  private boolean closed; // guarded by this

  /** Hardware on the given provider set; nothing is started until a device is opened. */
  public Pi4jHardware(Platform platform) {
    this.platform = Objects.requireNonNull(platform, "platform");
  }

  @Override
  public I2cDevice i2c(int bus, int address) throws DriverException {
    String id = "starling-i2c-" + bus + "-0x" + Integer.toHexString(address);
    Context ctx = context();
    try {
      I2C i2c = ctx.create(I2C.newConfigBuilder(ctx).id(id).bus(bus).device(address).build());
      return new Pi4jI2cDevice(ctx, i2c, "i2c bus " + bus + " address 0x" + hex(address));
    } catch (RuntimeException e) {
      throw new DriverException(
          "cannot open i2c bus " + bus + " address 0x" + hex(address) + ": " + e.getMessage(), e);
    }
  }

  @Override
  public DigitalOutput digitalOutput(int pin, boolean initial) throws DriverException {
    Context ctx = context();
    try {
      com.pi4j.io.gpio.digital.DigitalOutput out =
          ctx.create(
              com.pi4j.io.gpio.digital.DigitalOutput.newConfigBuilder(ctx)
                  .id("starling-gpio-" + pin)
                  .address(pin)
                  .initial(initial ? DigitalState.HIGH : DigitalState.LOW)
                  .build());
      return new Pi4jDigitalOutput(ctx, out, pin);
    } catch (RuntimeException e) {
      throw new DriverException("cannot open GPIO " + pin + " as output: " + e.getMessage(), e);
    }
  }

  /** Shuts the Pi4J context down, if one was created; later opens fail. Idempotent. */
  @Override
  public synchronized void close() {
    closed = true;
    if (context != null) {
      try {
        context.shutdown();
      } catch (RuntimeException e) {
        LOG.warn("Pi4J context did not shut down cleanly: {}", e.getMessage());
      }
      context = null;
    }
  }

  private synchronized Context context() throws DriverException {
    if (closed) {
      throw new DriverException("hardware is closed: the node is stopping");
    }
    if (context == null) {
      try {
        context = newContext(platform);
      } catch (RuntimeException e) {
        throw new DriverException("cannot start Pi4J (" + platform + "): " + e.getMessage(), e);
      }
      LOG.info("Pi4J context started ({})", platform);
    }
    return context;
  }

  private static Context newContext(Platform platform) {
    return switch (platform) {
      case AUTO -> Pi4J.newAutoContext();
      case MOCK ->
          Pi4J.newContextBuilder()
              .noAutoDetect()
              .add(new MockPlatform())
              .add(
                  MockAnalogInputProvider.newInstance(),
                  MockAnalogOutputProvider.newInstance(),
                  MockDigitalInputProvider.newInstance(),
                  MockDigitalOutputProvider.newInstance(),
                  MockPwmProvider.newInstance(),
                  MockI2CProvider.newInstance(),
                  MockSpiProvider.newInstance(),
                  MockSerialProvider.newInstance())
              .defaultPlatform(Mock.PLATFORM_ID)
              .build();
    };
  }

  private static String hex(int value) {
    return Integer.toHexString(value);
  }

  /** Shuts one I/O down and removes it from the context's registry; never throws. */
  private static void release(Context ctx, IO<?, ?, ?> io, String what) {
    try {
      if (!ctx.isShutdown()) {
        ctx.shutdown(io);
      }
    } catch (RuntimeException e) {
      LOG.debug("{}: release failed: {}", what, e.getMessage());
    }
  }

  /** An I2C device. Pi4J returns bytes signed (the mock most visibly): values are masked. */
  private static final class Pi4jI2cDevice implements I2cDevice {
    private final Context ctx;
    private final I2C i2c;
    private final String what;

    Pi4jI2cDevice(Context ctx, I2C i2c, String what) {
      this.ctx = ctx;
      this.i2c = i2c;
      this.what = what;
    }

    @Override
    public int readRegister(int register) throws DriverException {
      try {
        int value = i2c.readRegister(register);
        if (value < -128) { // Pi4J reports errors as negative error codes below the byte range
          throw new DriverException(what + ": read of register 0x" + hex(register) + " failed");
        }
        return value & 0xFF;
      } catch (RuntimeException e) {
        throw failure("read of register 0x" + hex(register), e);
      }
    }

    @Override
    public byte[] readRegisters(int register, int length) throws DriverException {
      byte[] buffer = new byte[length];
      int n;
      try {
        n = i2c.readRegister(register, buffer, 0, length);
      } catch (RuntimeException e) {
        throw failure("read of " + length + " bytes at 0x" + hex(register), e);
      }
      if (n != length) {
        throw new DriverException(
            what + ": read " + n + " of " + length + " bytes at register 0x" + hex(register));
      }
      return buffer;
    }

    @Override
    public void writeRegister(int register, int value) throws DriverException {
      try {
        i2c.writeRegister(register, (byte) value);
      } catch (RuntimeException e) {
        throw failure("write of register 0x" + hex(register), e);
      }
    }

    @Override
    public void close() {
      release(ctx, i2c, what);
    }

    private DriverException failure(String operation, RuntimeException e) {
      return new DriverException(what + ": " + operation + " failed: " + e.getMessage(), e);
    }
  }

  /** A GPIO output pin. */
  private static final class Pi4jDigitalOutput implements DigitalOutput {
    private final Context ctx;
    private final com.pi4j.io.gpio.digital.DigitalOutput out;
    private final int pin;

    Pi4jDigitalOutput(Context ctx, com.pi4j.io.gpio.digital.DigitalOutput out, int pin) {
      this.ctx = ctx;
      this.out = out;
      this.pin = pin;
    }

    @Override
    public void set(boolean high) throws DriverException {
      try {
        out.state(high ? DigitalState.HIGH : DigitalState.LOW);
      } catch (RuntimeException e) {
        throw new DriverException("GPIO " + pin + ": cannot drive " + (high ? "high" : "low"), e);
      }
    }

    @Override
    public boolean isHigh() {
      return out.isHigh();
    }

    @Override
    public void close() {
      release(ctx, out, "GPIO " + pin);
    }
  }
}
