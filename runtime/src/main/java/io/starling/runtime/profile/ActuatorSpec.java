package io.starling.runtime.profile;

import io.starling.runtime.driver.spi.DriverConfig;
import java.util.List;
import java.util.Objects;

/**
 * One entry of {@code actuators}.
 *
 * @param name unique among the node's actuators; the CoAP path is {@code /actuators/<name>}
 * @param driver the driver type
 * @param config the driver's config block, already accepted by the driver
 * @param allow the certificate groups whose members may command it; default {@code [admin]}
 */
public record ActuatorSpec(String name, String driver, DriverConfig config, List<String> allow) {

  /** Rejects nulls and copies the list. */
  public ActuatorSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(driver, "driver");
    Objects.requireNonNull(config, "config");
    allow = List.copyOf(allow);
  }
}
