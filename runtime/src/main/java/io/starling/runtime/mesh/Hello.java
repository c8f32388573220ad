package io.starling.runtime.mesh;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.starling.runtime.identity.NodeId;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The payload of a hello (content format 50, JSON), signed in a Starling envelope:
 *
 * <pre>{"mesh":"greenhouse","name":"shed-2","port":5683,"n":1042,"bye":false,
 *  "echo":[{"id":"&lt;node id&gt;","n":977,"held":12}],"db":"5be1c0a9d2e4f713"}</pre>
 *
 * @param mesh the sender's mesh; hellos of other meshes are ignored and counted
 * @param name the sender's name
 * @param port the sender's CoAP port
 * @param number the sender's hello counter, consecutive per sender (loss is estimated from gaps)
 * @param bye whether the sender is leaving: receivers mark it DOWN at once
 * @param echoes for each neighbour the sender hears: the last hello number heard from it and how
 *     long ago (ms), so that neighbour can compute the round-trip time
 * @param digest the digest of the sender's link-state database (16 hex digits; 0 if it has none): a
 *     neighbour whose digest differs for two hellos in a row is sent a summary
 */
public record Hello(
    String mesh, String name, int port, long number, boolean bye, List<Echo> echoes, long digest) {

  /** The largest hello accepted, in bytes. */
  public static final int MAX_BYTES = 16 * 1024;

  private static final JsonFactory JSON = new JsonFactory();

  /** Copies the echoes. */
  public Hello {
    echoes = List.copyOf(echoes);
  }

  /**
   * An echo of a neighbour's hello.
   *
   * @param id the neighbour
   * @param number the last hello number heard from it
   * @param heldMillis milliseconds between hearing that hello and sending this one
   */
  public record Echo(NodeId id, long number, long heldMillis) {}

  /** The JSON payload. */
  public byte[] toJson() {
    ByteArrayOutputStream out = new ByteArrayOutputStream(128 + 64 * echoes.size());
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("mesh", mesh);
      g.writeStringField("name", name);
      g.writeNumberField("port", port);
      g.writeNumberField("n", number);
      g.writeBooleanField("bye", bye);
      g.writeArrayFieldStart("echo");
      for (Echo e : echoes) {
        g.writeStartObject();
        g.writeStringField("id", e.id().toString());
        g.writeNumberField("n", e.number());
        g.writeNumberField("held", e.heldMillis());
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeStringField("db", String.format("%016x", digest));
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /**
   * Parses a payload.
   *
   * @throws IllegalArgumentException with the reason, for anything that is not a well-formed hello
   */
  public static Hello parse(byte[] json) {
    if (json.length > MAX_BYTES) {
      throw new IllegalArgumentException(
          "hello of " + json.length + " bytes exceeds the limit of " + MAX_BYTES);
    }
    String mesh = null;
    String name = null;
    int port = -1;
    long number = -1;
    boolean bye = false;
    List<Echo> echoes = new ArrayList<>();
    long digest = 0;
    try (JsonParser p = JSON.createParser(json)) {
      expect(p.nextToken() == JsonToken.START_OBJECT, "a hello is a JSON object");
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken t = p.nextToken();
        switch (field) {
          case "mesh" -> mesh = text(p, t, field);
          case "name" -> name = text(p, t, field);
          case "port" -> port = (int) integer(p, t, field, 0, 65535);
          case "n" -> number = integer(p, t, field, 0, Long.MAX_VALUE);
          case "bye" -> {
            expect(t == JsonToken.VALUE_TRUE || t == JsonToken.VALUE_FALSE, "bye is a boolean");
            bye = t == JsonToken.VALUE_TRUE;
          }
          case "echo" -> readEchoes(p, t, echoes);
          case "db" -> digest = hex64(text(p, t, field));
          default -> p.skipChildren();
        }
      }
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("hello is not valid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new IllegalArgumentException("hello cannot be read: " + e.getMessage());
    }
    expect(
        mesh != null && name != null && port >= 0 && number >= 0,
        "a hello needs mesh, name, port and n");
    return new Hello(mesh, name, port, number, bye, echoes, digest);
  }

  private static long hex64(String text) {
    expect(text.length() == 16, "db is 16 hex digits");
    try {
      return Long.parseUnsignedLong(text, 16);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("db is 16 hex digits");
    }
  }

  private static void readEchoes(JsonParser p, JsonToken t, List<Echo> out) throws IOException {
    expect(t == JsonToken.START_ARRAY, "echo is an array");
    while (p.nextToken() == JsonToken.START_OBJECT) {
      NodeId id = null;
      long n = -1;
      long held = -1;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken v = p.nextToken();
        switch (field) {
          case "id" -> id = NodeId.parse(text(p, v, "echo.id"));
          case "n" -> n = integer(p, v, "echo.n", 0, Long.MAX_VALUE);
          case "held" -> held = integer(p, v, "echo.held", 0, 3_600_000);
          default -> p.skipChildren();
        }
      }
      expect(id != null && n >= 0 && held >= 0, "an echo needs id, n and held");
      out.add(new Echo(id, n, held));
      expect(out.size() <= 1024, "more than 1024 echoes");
    }
  }

  private static String text(JsonParser p, JsonToken t, String field) throws IOException {
    expect(t == JsonToken.VALUE_STRING, field + " is a string");
    return p.getText();
  }

  private static long integer(JsonParser p, JsonToken t, String field, long min, long max)
      throws IOException {
    expect(t == JsonToken.VALUE_NUMBER_INT, field + " is an integer");
    long v = p.getLongValue();
    expect(v >= min && v <= max, field + " " + v + " is out of range [" + min + ", " + max + "]");
    return v;
  }

  private static void expect(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException(message);
    }
  }
}
