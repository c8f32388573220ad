package io.starling.runtime.driver.spi;

import java.util.Objects;

/**
 * A driver's config block breaks a rule. Carries the offending key so that the profile checker can
 * report the exact line and column of the value.
 */
public class InvalidDriverConfigException extends Exception {

  private final String key;

  /**
   * @param key the config key at fault, or {@code null} if the block as a whole is wrong
   * @param message the rule that is broken, with the value, e.g. {@code "address 0x99 is not 0x76
   *     or 0x77"}
   */
  public InvalidDriverConfigException(String key, String message) {
    super(Objects.requireNonNull(message, "message"));
    this.key = key;
  }

  /** The config key at fault, or {@code null} if the block as a whole is wrong. */
  public String key() {
    return key;
  }
}
