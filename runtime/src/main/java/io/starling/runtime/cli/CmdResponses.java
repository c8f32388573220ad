package io.starling.runtime.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.starling.runtime.identity.NodeId;
import java.io.IOException;
import java.math.BigDecimal;

/** Reads what a node answers {@code starling cmd}: its status, an actuator's state, error codes. */
final class CmdResponses {

  private static final ObjectMapper JSON = new ObjectMapper();

  private CmdResponses() {}

  /** What {@code cmd} needs of {@code /mesh/node}. */
  record NodeStatus(NodeId id, String name) {

    /**
     * Parses {@code /mesh/node}'s JSON.
     *
     * @throws IllegalArgumentException if it is not JSON with a node id
     */
    static NodeStatus parse(byte[] json) {
      JsonNode node;
      try {
        node = JSON.readTree(json);
      } catch (IOException e) {
        throw new IllegalArgumentException("its /mesh/node is not JSON");
      }
      if (node == null || !node.path("id").isTextual()) {
        throw new IllegalArgumentException("its /mesh/node has no 'id'");
      }
      return new NodeStatus(NodeId.parse(node.get("id").asText()), node.path("name").asText("?"));
    }
  }

  /**
   * An actuator's state, a one-record SenML JSON pack (RFC 8428 §4), as its value and unit if any:
   * {@code true}, {@code 40 %}, {@code "eco"}.
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

  /** The RFC 7252 §12.1.2 name of an error code, for responses without a diagnostic payload. */
  static String phrase(String code) {
    return switch (code) {
      case "4.00" -> "Bad Request";
      case "4.01" -> "Unauthorized";
      case "4.02" -> "Bad Option";
      case "4.03" -> "Forbidden";
      case "4.04" -> "Not Found";
      case "4.05" -> "Method Not Allowed";
      case "4.06" -> "Not Acceptable";
      case "4.13" -> "Request Entity Too Large";
      case "4.15" -> "Unsupported Content-Format";
      case "5.00" -> "Internal Server Error";
      case "5.03" -> "Service Unavailable";
      default -> "(no reason given)";
    };
  }
}
