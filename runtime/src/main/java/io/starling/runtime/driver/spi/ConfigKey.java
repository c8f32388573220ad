package io.starling.runtime.driver.spi;

import java.util.Objects;

/**
 * One config key a driver understands, as listed by {@code starling drivers} and used for
 * did-you-mean hints.
 *
 * @param name the key as written in the profile's {@code config} block
 * @param type a human-readable type with its unit or range, e.g. {@code "integer 0x76|0x77"}
 * @param defaultValue the default as text, or {@code null} if the key is required
 * @param description what the key means
 */
public record ConfigKey(String name, String type, String defaultValue, String description) {

  /** Validates that name, type and description are present. */
  public ConfigKey {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(description, "description");
  }

  /** A required key. */
  public static ConfigKey required(String name, String type, String description) {
    return new ConfigKey(name, type, null, description);
  }

  /** An optional key with its default. */
  public static ConfigKey optional(
      String name, String type, String defaultValue, String description) {
    return new ConfigKey(name, type, Objects.requireNonNull(defaultValue), description);
  }

  /** Whether the profile must give this key. */
  public boolean isRequired() {
    return defaultValue == null;
  }
}
