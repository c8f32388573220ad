package io.starling.drivers.gpio;

import io.starling.drivers.internal.OnOff;
import io.starling.runtime.driver.spi.ActuatorDriver;
import io.starling.runtime.driver.spi.ActuatorState;
import io.starling.runtime.driver.spi.DigitalOutput;
import io.starling.runtime.driver.spi.DriverException;
import io.starling.runtime.driver.spi.Value;
import java.time.Clock;
import org.slf4j.Logger;

/**
 * A switched GPIO pin. Its state is the logical on/off (a boolean, no unit); with {@code
 * active-low} "on" drives the pin low. Closing turns it off before the pin is released.
 */
final class GpioOutput implements ActuatorDriver {

  private final String name;
  private final DigitalOutput pin;
  private final boolean activeLow;
  private final Clock clock;
  private final Logger log;
  private ActuatorState state;

  GpioOutput(String name, DigitalOutput pin, boolean activeLow, Clock clock, Logger log) {
    this.name = name;
    this.pin = pin;
    this.activeLow = activeLow;
    this.clock = clock;
    this.log = log;
    this.state = new ActuatorState(Value.of(pin.isHigh() != activeLow), null, clock.instant());
  }

  @Override
  public ActuatorState apply(Value command) throws DriverException {
    boolean on = OnOff.parse(name, command);
    pin.set(on != activeLow);
    if (!state.value().equals(Value.of(on))) {
      state = new ActuatorState(Value.of(on), null, clock.instant());
    }
    return state;
  }

  @Override
  public ActuatorState state() {
    return state;
  }

  @Override
  public void close() {
    try {
      pin.set(activeLow);
    } catch (DriverException e) {
      log.warn("{}: could not turn the output off before release: {}", name, e.getMessage());
    } finally {
      pin.close();
    }
  }
}
