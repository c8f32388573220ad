package io.starling.runtime.driver.spi;

import java.util.Objects;

/**
 * A reading's or command's value: a number, a boolean or a string, as SenML (RFC 8428 §4.2) has
 * {@code v}, {@code vb} and {@code vs}.
 */
public sealed interface Value {

  /** A number (SenML {@code v}). */
  static Value of(double number) {
    return new Number(number);
  }

  /** A boolean (SenML {@code vb}). */
  static Value of(boolean bool) {
    return new Bool(bool);
  }

  /** A string (SenML {@code vs}). */
  static Value of(String text) {
    return new Text(text);
  }

  /** A numeric value; never NaN or infinite. */
  record Number(double value) implements Value {
    /** Rejects NaN and infinities, which SenML cannot carry. */
    public Number {
      if (!Double.isFinite(value)) {
        throw new IllegalArgumentException("a reading must be finite, got " + value);
      }
    }

    /** The number as written in JSON: {@code 42} or {@code 21.5}. */
    @Override
    public String toString() {
      return value == Math.rint(value) && Math.abs(value) < 1e15
          ? Long.toString((long) value)
          : Double.toString(value);
    }
  }

  /** A boolean value. */
  record Bool(boolean value) implements Value {
    /** {@code true} or {@code false}. */
    @Override
    public String toString() {
      return Boolean.toString(value);
    }
  }

  /** A string value. */
  record Text(String value) implements Value {
    /** Rejects null. */
    public Text {
      Objects.requireNonNull(value, "value");
    }

    /** The text in double quotes. */
    @Override
    public String toString() {
      return '"' + value + '"';
    }
  }
}
