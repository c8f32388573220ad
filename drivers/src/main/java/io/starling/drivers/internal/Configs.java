package io.starling.drivers.internal;

import io.starling.runtime.driver.spi.DriverConfig;
import io.starling.runtime.driver.spi.DriverException;
import io.starling.runtime.driver.spi.InvalidDriverConfigException;

/** Parses a driver's settings at open, when the config has already been validated. */
public final class Configs {

  private Configs() {}

  /** Parses settings from a config; the result of {@code parser} for valid configs. */
  @FunctionalInterface
  public interface Parser<T> {
    /** Parses a config block. */
    T parse(DriverConfig config) throws InvalidDriverConfigException;
  }

  /**
   * Parses settings at open. The runtime validates before opening, so a failure here is a bug in
   * the caller; it is still reported as a {@link DriverException} naming the key rather than thrown
   * unchecked.
   */
  public static <T> T atOpen(DriverConfig config, Parser<T> parser) throws DriverException {
    try {
      return parser.parse(config);
    } catch (InvalidDriverConfigException e) {
      throw new DriverException("invalid config: " + e.getMessage(), e);
    }
  }
}
