package io.starling.runtime.driver.spi;

/** A command value an actuator does not accept (wrong type, out of range). Nothing changed. */
public class InvalidCommandException extends DriverException {

  /** A rejected command, with the rule it breaks. */
  public InvalidCommandException(String message) {
    super(message);
  }
}
