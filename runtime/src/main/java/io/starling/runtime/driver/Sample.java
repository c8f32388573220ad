package io.starling.runtime.driver;

import io.starling.runtime.driver.spi.Reading;
import java.time.Instant;
import java.util.List;

/**
 * The readings of one successful sensor read.
 *
 * @param sensor the sensor's name
 * @param topic the topic its readings are published on
 * @param number a per-sensor counter, 1 for the first sample since the node started
 * @param readings what the driver returned, at least one
 * @param time when the read completed
 */
public record Sample(
    String sensor, String topic, long number, List<Reading> readings, Instant time) {

  /** Copies the readings and rejects an empty sample. */
  public Sample {
    readings = List.copyOf(readings);
    if (readings.isEmpty()) {
      throw new IllegalArgumentException("sensor " + sensor + " returned no readings");
    }
  }
}
