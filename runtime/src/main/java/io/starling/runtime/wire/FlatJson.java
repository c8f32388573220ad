package io.starling.runtime.wire;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Small flat JSON objects — strings, integers, booleans — read with Jackson's streaming core, for
 * the mesh's control messages (fetch requests, gap notices). The running node never loads Jackson's
 * databind (see {@link RecordJson}).
 */
public final class FlatJson {

  private static final JsonFactory JSON = new JsonFactory();

  private FlatJson() {}

  /**
   * The object's fields: {@code String}, {@code Long} or {@code Boolean}; nested values are
   * skipped.
   *
   * @throws IllegalArgumentException if it is not a JSON object
   */
  public static Map<String, Object> parse(byte[] json) {
    Map<String, Object> out = new LinkedHashMap<>();
    try (JsonParser p = JSON.createParser(json)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new IllegalArgumentException("not a JSON object");
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken t = p.nextToken();
        switch (t) {
          case VALUE_STRING -> out.put(name, p.getText());
          case VALUE_NUMBER_INT -> out.put(name, p.getLongValue());
          case VALUE_TRUE, VALUE_FALSE -> out.put(name, t == JsonToken.VALUE_TRUE);
          default -> p.skipChildren();
        }
      }
      if (p.nextToken() != null) {
        throw new IllegalArgumentException("trailing content after the JSON object");
      }
    } catch (IOException e) {
      throw new IllegalArgumentException("not valid JSON: " + e.getMessage());
    }
    return out;
  }

  /** The string field {@code name}. */
  public static String text(Map<String, Object> o, String name) {
    if (o.get(name) instanceof String s) {
      return s;
    }
    throw new IllegalArgumentException(name + " is missing or not a string");
  }

  /** The integer field {@code name}. */
  public static long integer(Map<String, Object> o, String name) {
    if (o.get(name) instanceof Long l) {
      return l;
    }
    throw new IllegalArgumentException(name + " is missing or not an integer");
  }
}
