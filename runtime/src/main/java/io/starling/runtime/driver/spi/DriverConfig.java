package io.starling.runtime.driver.spi;

import io.starling.runtime.util.Durations;
import io.starling.runtime.util.Suggestions;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A driver's {@code config} block from the profile, with typed accessors that fail with the key and
 * the rule. Values are as YAML gave them: strings, numbers, booleans, lists and maps. Integers may
 * be written in hex ({@code 0x76}).
 */
public final class DriverConfig {

  private static final DriverConfig EMPTY = new DriverConfig(Map.of());

  private final Map<String, Object> values;

  private DriverConfig(Map<String, Object> values) {
    this.values = values;
  }

  /** A config over a copy of {@code values} (null values are dropped). */
  public static DriverConfig of(Map<String, ?> values) {
    Map<String, Object> copy = new LinkedHashMap<>();
    values.forEach(
        (k, v) -> {
          if (v != null) {
            copy.put(k, v);
          }
        });
    return new DriverConfig(Collections.unmodifiableMap(copy));
  }

  /** The empty config. */
  public static DriverConfig empty() {
    return EMPTY;
  }

  /** The keys present. */
  public Set<String> keys() {
    return values.keySet();
  }

  /** Whether the key is present. */
  public boolean has(String key) {
    return values.containsKey(key);
  }

  /** The raw value as YAML gave it, if present. */
  public Optional<Object> raw(String key) {
    return Optional.ofNullable(values.get(key));
  }

  /** Rejects any key not in {@code known}, with a did-you-mean hint; reports one key at a time. */
  public void rejectUnknownKeys(List<ConfigKey> known) throws InvalidDriverConfigException {
    List<String> names = known.stream().map(ConfigKey::name).toList();
    for (String key : values.keySet()) {
      if (!names.contains(key)) {
        throw new InvalidDriverConfigException(
            key,
            "unknown key '"
                + key
                + "'"
                + Suggestions.didYouMean(key, names)
                + (names.isEmpty() ? "; this driver takes no config" : "; known keys: " + names));
      }
    }
    for (ConfigKey k : known) {
      if (k.isRequired() && !values.containsKey(k.name())) {
        throw new InvalidDriverConfigException(null, "missing required key '" + k.name() + "'");
      }
    }
  }

  /** A string value, or {@code defaultValue} if absent. */
  public String string(String key, String defaultValue) throws InvalidDriverConfigException {
    Object v = values.get(key);
    if (v == null) {
      return defaultValue;
    }
    if (v instanceof String s) {
      return s;
    }
    if (v instanceof Number || v instanceof Boolean) {
      return v.toString();
    }
    throw new InvalidDriverConfigException(key, key + " must be a string, got " + describe(v));
  }

  /** A required string value. */
  public String requireString(String key) throws InvalidDriverConfigException {
    String s = string(key, null);
    if (s == null) {
      throw new InvalidDriverConfigException(key, "missing required key '" + key + "'");
    }
    return s;
  }

  /**
   * An integer in {@code [min, max]}, written as a number or as hex text ({@code 0x76}), or {@code
   * defaultValue} if absent.
   */
  public long integer(String key, long defaultValue, long min, long max)
      throws InvalidDriverConfigException {
    Object v = values.get(key);
    if (v == null) {
      return defaultValue;
    }
    long n;
    if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
      n = ((Number) v).longValue();
    } else if (v instanceof java.math.BigInteger) {
      throw new InvalidDriverConfigException(key, key + " " + v + " is out of range");
    } else if (v instanceof String s && s.trim().toLowerCase().startsWith("0x")) {
      try {
        n = Long.parseLong(s.trim().substring(2), 16);
      } catch (NumberFormatException e) {
        throw new InvalidDriverConfigException(key, key + " '" + s + "' is not a hex integer");
      }
    } else if (v instanceof String s) {
      try {
        n = Long.parseLong(s.trim());
      } catch (NumberFormatException e) {
        throw new InvalidDriverConfigException(key, key + " '" + s + "' is not an integer");
      }
    } else {
      throw new InvalidDriverConfigException(key, key + " must be an integer, got " + describe(v));
    }
    if (n < min || n > max) {
      throw new InvalidDriverConfigException(
          key, key + " " + v + " is out of range [" + min + ", " + max + "]");
    }
    return n;
  }

  /** A number in {@code [min, max]}, or {@code defaultValue} if absent. */
  public double decimal(String key, double defaultValue, double min, double max)
      throws InvalidDriverConfigException {
    Object v = values.get(key);
    if (v == null) {
      return defaultValue;
    }
    if (!(v instanceof Number num)) {
      throw new InvalidDriverConfigException(key, key + " must be a number, got " + describe(v));
    }
    double d = num.doubleValue();
    if (!(d >= min && d <= max)) {
      throw new InvalidDriverConfigException(
          key, key + " " + v + " is out of range [" + min + ", " + max + "]");
    }
    return d;
  }

  /** A boolean, or {@code defaultValue} if absent. */
  public boolean bool(String key, boolean defaultValue) throws InvalidDriverConfigException {
    Object v = values.get(key);
    if (v == null) {
      return defaultValue;
    }
    if (v instanceof Boolean b) {
      return b;
    }
    throw new InvalidDriverConfigException(key, key + " must be true or false, got " + describe(v));
  }

  /**
   * A duration written like {@code 500ms}, {@code 10s}, {@code 5m}, at least {@code min}, or {@code
   * defaultValue} if absent.
   */
  public Duration duration(String key, Duration defaultValue, Duration min)
      throws InvalidDriverConfigException {
    Object v = values.get(key);
    if (v == null) {
      return defaultValue;
    }
    if (!(v instanceof String s)) {
      throw new InvalidDriverConfigException(
          key, key + " must be a duration such as 500ms or 10s, got " + describe(v));
    }
    Duration d;
    try {
      d = Durations.parse(s);
    } catch (IllegalArgumentException e) {
      throw new InvalidDriverConfigException(key, key + " " + e.getMessage());
    }
    if (d.compareTo(min) < 0) {
      throw new InvalidDriverConfigException(
          key, key + " " + s + " is below the minimum " + Durations.format(min));
    }
    return d;
  }

  private static String describe(Object v) {
    String type =
        v instanceof Map<?, ?>
            ? "a map"
            : v instanceof List<?> ? "a list" : v.getClass().getSimpleName().toLowerCase();
    return type + " (" + v + ")";
  }

  /** Two configs are equal when they hold equal keys and values. */
  @Override
  public boolean equals(Object o) {
    return o instanceof DriverConfig other && values.equals(other.values);
  }

  @Override
  public int hashCode() {
    return values.hashCode();
  }

  @Override
  public String toString() {
    return values.toString();
  }
}
