package io.starling.runtime.driver.spi;

import java.util.List;

/**
 * What every driver factory has in common: a type name that profiles refer to, a description, the
 * config keys it understands, and validation of a config block before anything is opened.
 *
 * <p>Implementations must be stateless and cheap to construct: the runtime instantiates them with
 * {@link java.util.ServiceLoader} to validate profiles even on machines without the hardware.
 */
public interface DriverFactory {

  /**
   * The driver type name used in profiles ({@code driver: bme280}): lower case, digits and dashes.
   */
  String type();

  /** One line for {@code starling drivers}: what the driver talks to. */
  String description();

  /** The config keys this driver understands, for documentation and did-you-mean hints. */
  List<ConfigKey> configKeys();

  /**
   * Checks a config block without touching hardware. The default rejects keys not listed in {@link
   * #configKeys()}; override to add range checks, calling {@code super.validate} first.
   *
   * @throws InvalidDriverConfigException naming the offending key and the rule it breaks
   */
  default void validate(DriverConfig config) throws InvalidDriverConfigException {
    config.rejectUnknownKeys(configKeys());
  }
}
