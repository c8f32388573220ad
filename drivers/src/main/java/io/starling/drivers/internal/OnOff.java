package io.starling.drivers.internal;

import io.starling.runtime.driver.spi.InvalidCommandException;
import io.starling.runtime.driver.spi.Value;
import java.util.Locale;

/**
 * Reads an on/off command the way every switching actuator accepts it: a boolean, the number 0 or
 * 1, or the text {@code "on"} / {@code "off"} (any case).
 */
public final class OnOff {

  private static final String EXPECTED =
      " is not an on/off command (use true/false, 0/1 or on/off)";

  private OnOff() {}

  /**
   * The command as a boolean ({@code true} = on).
   *
   * @param actuator the actuator's name, for the error message
   * @throws InvalidCommandException naming the value and what is accepted instead
   */
  public static boolean parse(String actuator, Value command) throws InvalidCommandException {
    if (command instanceof Value.Bool b) {
      return b.value();
    }
    if (command instanceof Value.Number n && (n.value() == 0.0 || n.value() == 1.0)) {
      return n.value() == 1.0;
    }
    if (command instanceof Value.Text t) {
      String text = t.value().trim().toLowerCase(Locale.ROOT);
      if (text.equals("on") || text.equals("off")) {
        return text.equals("on");
      }
    }
    throw new InvalidCommandException(actuator + ": " + describe(command) + EXPECTED);
  }

  /** A value as an error message shows it: {@code number 2.0}, {@code text 'dim'}. */
  public static String describe(Value value) {
    // if-chains rather than pattern switches: Spotless parses with the JDK Maven runs on (17).
    if (value instanceof Value.Bool b) {
      return "boolean " + b.value();
    } else if (value instanceof Value.Number n) {
      return "number " + n.value();
    }
    return "text '" + ((Value.Text) value).value() + "'";
  }
}
