package io.starling.runtime.testing;

import io.starling.runtime.driver.spi.ConfigKey;
import io.starling.runtime.driver.spi.DriverContext;
import io.starling.runtime.driver.spi.DriverException;
import io.starling.runtime.driver.spi.Reading;
import io.starling.runtime.driver.spi.SensorDriver;
import io.starling.runtime.driver.spi.SensorDriverFactory;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A sensor driver for runtime tests, type {@code fake}: each read returns {@code temperature} = 20
 * + 0.5 × reads and {@code humidity} = 50. Tests switch it to failing and count opens, reads and
 * closes.
 */
public final class FakeSensorFactory implements SensorDriverFactory {

  public final AtomicBoolean failOpen = new AtomicBoolean();
  public final AtomicBoolean failRead = new AtomicBoolean();
  public final AtomicInteger opens = new AtomicInteger();
  public final AtomicInteger reads = new AtomicInteger();
  public final AtomicInteger closes = new AtomicInteger();

  @Override
  public String type() {
    return "fake";
  }

  @Override
  public String description() {
    return "a counter, for tests";
  }

  @Override
  public List<ConfigKey> configKeys() {
    return List.of(ConfigKey.optional("offset", "number", "0", "added to the temperature"));
  }

  @Override
  public SensorDriver open(DriverContext context) throws DriverException {
    if (failOpen.get()) {
      throw new DriverException("no device at 0x76");
    }
    opens.incrementAndGet();
    double offset;
    try {
      offset = context.config().decimal("offset", 0, -100, 100);
    } catch (io.starling.runtime.driver.spi.InvalidDriverConfigException e) {
      throw new DriverException(e.getMessage(), e);
    }
    return new SensorDriver() {
      @Override
      public List<Reading> read() throws DriverException {
        if (failRead.get()) {
          throw new DriverException("bus error");
        }
        int n = reads.incrementAndGet();
        return List.of(
            Reading.of("temperature", "Cel", 20 + offset + 0.5 * n, context.clock().instant()),
            Reading.of("humidity", "%RH", 50, context.clock().instant()));
      }

      @Override
      public void close() {
        closes.incrementAndGet();
      }
    };
  }
}
