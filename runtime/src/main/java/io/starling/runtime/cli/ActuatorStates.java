package io.starling.runtime.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigDecimal;

/** Reads an actuator's state, a one-record SenML JSON pack (RFC 8428 §4), for printing. */
final class ActuatorStates {

  static final ObjectMapper JSON = new ObjectMapper();

  private ActuatorStates() {}

  /**
   * The state's value, and its unit if any: {@code true}, {@code 40 %}, {@code "eco"}.
   *
   * @throws IllegalArgumentException if {@code senml} is not a SenML pack with a value
   */
  static String describe(byte[] senml) {
    JsonNode pack;
    try {
      pack = JSON.readTree(senml);
    } catch (IOException e) {
      throw new IllegalArgumentException("not JSON");
    }
    if (pack == null || !pack.isArray() || pack.isEmpty() || !pack.get(0).isObject()) {
      throw new IllegalArgumentException("not a SenML pack");
    }
    JsonNode record = pack.get(0);
    String unit = record.path("u").isTextual() ? " " + record.get("u").asText() : "";
    // RFC 8428 §4.2: v a number, vb a boolean, vs a string.
    if (record.path("vb").isBoolean()) {
      return Boolean.toString(record.get("vb").asBoolean());
    } else if (record.path("v").isNumber()) {
      return new BigDecimal(record.get("v").asText()).stripTrailingZeros().toPlainString() + unit;
    } else if (record.path("vs").isTextual()) {
      return JSON.valueToTree(record.get("vs").asText()).toString() + unit;
    }
    throw new IllegalArgumentException("the SenML record has no v, vb or vs");
  }
}
