package io.starling.runtime.testing;

import io.starling.runtime.driver.spi.ActuatorDriver;
import io.starling.runtime.driver.spi.ActuatorDriverFactory;
import io.starling.runtime.driver.spi.ActuatorState;
import io.starling.runtime.driver.spi.ConfigKey;
import io.starling.runtime.driver.spi.DriverContext;
import io.starling.runtime.driver.spi.InvalidCommandException;
import io.starling.runtime.driver.spi.Value;
import java.util.List;

/** An on/off actuator for runtime tests, type {@code fake-switch}; starts off. */
public final class FakeSwitchFactory implements ActuatorDriverFactory {

  @Override
  public String type() {
    return "fake-switch";
  }

  @Override
  public String description() {
    return "an on/off switch in memory, for tests";
  }

  @Override
  public List<ConfigKey> configKeys() {
    return List.of();
  }

  @Override
  public ActuatorDriver open(DriverContext context) {
    return new ActuatorDriver() {
      private ActuatorState state =
          new ActuatorState(Value.of(false), null, context.clock().instant());

      @Override
      public ActuatorState apply(Value command) throws InvalidCommandException {
        if (!(command instanceof Value.Bool)) {
          throw new InvalidCommandException("a switch takes true or false, got " + command);
        }
        state = new ActuatorState(command, null, context.clock().instant());
        return state;
      }

      @Override
      public ActuatorState state() {
        return state;
      }
    };
  }
}
