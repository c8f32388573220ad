package io.starling.runtime.driver.spi;

import java.time.Instant;
import java.util.Objects;

/**
 * One measured quantity: maps to one SenML record (RFC 8428).
 *
 * @param name the quantity's name within the sensor, e.g. {@code "temperature"}; SenML {@code n}
 * @param unit a SenML unit symbol (RFC 8428 §12.1), e.g. {@code "Cel"}, {@code "%RH"}, {@code
 *     "Pa"}; {@code null} for unit-less values
 * @param value the value
 * @param time when it was measured, from the driver's {@link DriverContext#clock()}
 */
public record Reading(String name, String unit, Value value, Instant time) {

  /** Validates that name, value and time are present. */
  public Reading {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(time, "time");
  }

  /** A numeric reading. */
  public static Reading of(String name, String unit, double value, Instant time) {
    return new Reading(name, unit, Value.of(value), time);
  }
}
