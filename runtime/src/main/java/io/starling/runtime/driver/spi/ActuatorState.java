package io.starling.runtime.driver.spi;

import java.time.Instant;
import java.util.Objects;

/**
 * An actuator's state.
 *
 * @param value the current value: a boolean for on/off devices, a number for levels
 * @param unit a SenML unit symbol such as {@code "%"} or {@code "/"}, or {@code null}
 * @param since when the value last changed
 */
public record ActuatorState(Value value, String unit, Instant since) {

  /** Validates that value and time are present. */
  public ActuatorState {
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(since, "since");
  }
}
