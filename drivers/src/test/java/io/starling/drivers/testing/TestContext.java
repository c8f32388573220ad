package io.starling.drivers.testing;

import io.starling.runtime.driver.spi.DriverConfig;
import io.starling.runtime.driver.spi.DriverContext;
import io.starling.runtime.driver.spi.Hardware;
import java.time.Clock;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link DriverContext} for tests: a config map, a clock of the test's choosing, fake hardware.
 */
public record TestContext(String name, DriverConfig config, Clock clock, Hardware hardware)
    implements DriverContext {

  /** A context named {@code "test"} over {@code config}, with no usable hardware. */
  public static TestContext of(Map<String, ?> config, Clock clock) {
    return new TestContext("test", DriverConfig.of(config), clock, FakeHardware.none());
  }

  /** The same context with other hardware. */
  public TestContext withHardware(Hardware hardware) {
    return new TestContext(name, config, clock, hardware);
  }

  @Override
  public Logger logger() {
    return LoggerFactory.getLogger("io.starling.drivers.test." + name);
  }
}
