package io.starling.runtime.command;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.starling.runtime.driver.spi.Value;
import io.starling.runtime.identity.NodeId;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What a command says, signed inside a COSE_Sign1 envelope (content format 50, JSON):
 *
 * <pre>{"to":"&lt;target node id&gt;","actuator":"fan","value":true,"id":"&lt;idempotency key&gt;"}
 * </pre>
 *
 * <p>The target node and actuator are inside the signed payload so that a command for one fan
 * cannot be replayed against another. {@code id} is the idempotency key: a retry of the same
 * command (a new envelope with a new sequence number) carries the same id and is applied once.
 *
 * @param to the node the command is for
 * @param actuator the actuator's name on that node
 * @param value the command value
 * @param id the idempotency key: 8 to 64 characters of {@code [A-Za-z0-9_-]}
 */
public record CommandMessage(NodeId to, String actuator, Value value, String id) {

  /** CoAP content format of the payload inside the envelope: {@code application/json}. */
  public static final int CONTENT_FORMAT = 50;

  /** The largest command payload accepted, in bytes. */
  public static final int MAX_BYTES = 1024;

  private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{8,64}");
  private static final JsonFactory JSON = new JsonFactory();

  /** Rejects nulls and a malformed id. */
  public CommandMessage {
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(actuator, "actuator");
    Objects.requireNonNull(value, "value");
    if (!ID.matcher(id).matches()) {
      throw new IllegalArgumentException("command id '" + id + "' is not 8-64 of [A-Za-z0-9_-]");
    }
  }

  /** The JSON payload. */
  public byte[] toJson() {
    ByteArrayOutputStream out = new ByteArrayOutputStream(128);
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("to", to.toString());
      g.writeStringField("actuator", actuator);
      g.writeFieldName("value");
      if (value instanceof Value.Bool b) {
        g.writeBoolean(b.value());
      } else if (value instanceof Value.Number n) {
        g.writeNumber(n.value());
      } else {
        g.writeString(((Value.Text) value).value());
      }
      g.writeStringField("id", id);
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /**
   * Parses a payload.
   *
   * @throws IllegalArgumentException with the reason, for anything that is not a well-formed
   *     command
   */
  public static CommandMessage parse(byte[] json) {
    if (json.length > MAX_BYTES) {
      throw new IllegalArgumentException(
          "command of " + json.length + " bytes exceeds the limit of " + MAX_BYTES);
    }
    String to = null;
    String actuator = null;
    Value value = null;
    String id = null;
    try (JsonParser p = JSON.createParser(json)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new IllegalArgumentException("a command is a JSON object");
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken t = p.nextToken();
        switch (field) {
          case "to" -> to = text(p, t, field);
          case "actuator" -> actuator = text(p, t, field);
          case "id" -> id = text(p, t, field);
          case "value" -> value = value(p, t);
          default -> p.skipChildren();
        }
      }
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("command is not valid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new IllegalArgumentException("command cannot be read: " + e.getMessage());
    }
    if (to == null || actuator == null || value == null || id == null) {
      throw new IllegalArgumentException("a command needs 'to', 'actuator', 'value' and 'id'");
    }
    return new CommandMessage(NodeId.parse(to), actuator, value, id);
  }

  private static String text(JsonParser p, JsonToken t, String field) throws IOException {
    if (t != JsonToken.VALUE_STRING) {
      throw new IllegalArgumentException("command field '" + field + "' must be a string");
    }
    return p.getText();
  }

  private static Value value(JsonParser p, JsonToken t) throws IOException {
    if (t == JsonToken.VALUE_TRUE || t == JsonToken.VALUE_FALSE) {
      return Value.of(t == JsonToken.VALUE_TRUE);
    } else if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
      return Value.of(p.getDoubleValue());
    } else if (t == JsonToken.VALUE_STRING) {
      return Value.of(p.getText());
    }
    throw new IllegalArgumentException("command value must be a boolean, a number or a string");
  }
}
