package io.starling.drivers.simulated;

import io.starling.drivers.internal.OnOff;
import io.starling.runtime.driver.spi.ActuatorDriver;
import io.starling.runtime.driver.spi.ActuatorState;
import io.starling.runtime.driver.spi.InvalidCommandException;
import io.starling.runtime.driver.spi.Value;
import java.time.Clock;

/**
 * An actuator that only remembers its state. {@code since} changes only when the value does, so a
 * repeated command is visible as such.
 */
abstract sealed class SimulatedActuator implements ActuatorDriver {

  final String name;
  private final Clock clock;
  private ActuatorState state;

  SimulatedActuator(String name, Clock clock, Value initial, String unit) {
    this.name = name;
    this.clock = clock;
    this.state = new ActuatorState(initial, unit, clock.instant());
  }

  @Override
  public final ActuatorState apply(Value command) throws InvalidCommandException {
    Value next = accept(command);
    if (!next.equals(state.value())) {
      state = new ActuatorState(next, state.unit(), clock.instant());
    }
    return state;
  }

  @Override
  public final ActuatorState state() {
    return state;
  }

  /** Checks a command and returns the value it sets. */
  abstract Value accept(Value command) throws InvalidCommandException;

  /** On or off; accepts a boolean, 0/1 or "on"/"off". */
  static final class Switch extends SimulatedActuator {

    Switch(String name, Clock clock, SimulatedActuatorFactory.Settings s) {
      super(name, clock, Value.of(s.initialOn()), null);
    }

    @Override
    Value accept(Value command) throws InvalidCommandException {
      return Value.of(OnOff.parse(name, command));
    }
  }

  /** A number in {@code [min, max]}. */
  static final class Level extends SimulatedActuator {

    private final double min;
    private final double max;

    Level(String name, Clock clock, SimulatedActuatorFactory.Settings s) {
      super(name, clock, Value.of(s.initialLevel()), s.unit());
      this.min = s.min();
      this.max = s.max();
    }

    @Override
    Value accept(Value command) throws InvalidCommandException {
      if (!(command instanceof Value.Number n)) {
        throw new InvalidCommandException(
            name
                + ": "
                + OnOff.describe(command)
                + " is not a level (use a number in ["
                + min
                + ", "
                + max
                + "])");
      }
      if (n.value() < min || n.value() > max) {
        throw new InvalidCommandException(
            name + ": level " + n.value() + " is out of range [" + min + ", " + max + "]");
      }
      return n;
    }
  }
}
