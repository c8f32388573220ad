package io.starling.runtime.profile;

import io.starling.runtime.driver.spi.DriverConfig;
import java.time.Duration;
import java.util.Objects;

/**
 * One entry of {@code sensors}.
 *
 * @param name unique among the node's sensors; the CoAP path is {@code /sensors/<name>}
 * @param driver the driver type
 * @param interval how often the runtime samples it; default 10s, at least 100ms
 * @param topic the topic its readings are published on; default {@code <node>/<name>}
 * @param config the driver's config block, already accepted by the driver
 */
public record SensorSpec(
    String name, String driver, Duration interval, String topic, DriverConfig config) {

  /** The shortest sampling interval a profile may ask for. */
  public static final Duration MIN_INTERVAL = Duration.ofMillis(100);

  /** The interval used when the profile gives none. */
  public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(10);

  /** Rejects nulls. */
  public SensorSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(driver, "driver");
    Objects.requireNonNull(interval, "interval");
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(config, "config");
  }
}
