package io.starling.runtime.driver.spi;

/**
 * An actuator (relay, LED, fan, valve): applies command values and reports its state. Calls come
 * from one runtime thread at a time.
 */
public interface ActuatorDriver extends AutoCloseable {

  /**
   * Applies a command and returns the resulting state.
   *
   * @throws InvalidCommandException if the value is not one this actuator accepts (wrong type or
   *     out of range); nothing was changed
   * @throws DriverException if the device failed while applying the command
   */
  ActuatorState apply(Value command) throws DriverException;

  /** The current state, without touching the device if it can be avoided. */
  ActuatorState state();

  /** Releases the device, leaving it in a safe state where the driver knows one. */
  @Override
  default void close() {}
}
