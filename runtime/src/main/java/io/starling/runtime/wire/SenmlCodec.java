package io.starling.runtime.wire;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.dataformat.cbor.CBORGenerator;
import io.starling.runtime.driver.spi.Reading;
import io.starling.runtime.driver.spi.Value;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;

/**
 * Encodes a sample (the readings of one sensor read) as a SenML pack (RFC 8428).
 *
 * <p>The first record carries the base name {@code bn} (the sensor's topic followed by {@code /})
 * and the base time {@code bt} (seconds since the Unix epoch, RFC 8428 §4.5.3); each record has
 * {@code n}, {@code u} and one of {@code v}/{@code vb}/{@code vs}, and {@code t} relative to {@code
 * bt} when a reading's time differs from the first.
 *
 * <p>JSON uses the labels of RFC 8428 §5; CBOR the integer labels of §6 (bn −2, bt −3, n 0, u 1, v
 * 2, vs 3, vb 4, t 6).
 */
public final class SenmlCodec {

  /** CoAP Content-Format {@code application/senml+json} (RFC 8428 §12.3). */
  public static final int CONTENT_FORMAT_JSON = 110;

  /** CoAP Content-Format {@code application/senml+cbor} (RFC 8428 §12.3). */
  public static final int CONTENT_FORMAT_CBOR = 112;

  private static final JsonFactory JSON = new JsonFactory();
  private static final CBORFactory CBOR = new CBORFactory();

  private SenmlCodec() {}

  /** The pack as SenML JSON. */
  public static byte[] toJson(String baseName, List<Reading> readings) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(64 + 48 * readings.size());
    try (JsonGenerator g = JSON.createGenerator(out)) {
      write(g, baseName, readings, false);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** The pack as SenML CBOR. */
  public static byte[] toCbor(String baseName, List<Reading> readings) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(32 + 24 * readings.size());
    try (CBORGenerator g = CBOR.createGenerator(out)) {
      write(g, baseName, readings, true);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static void write(JsonGenerator g, String baseName, List<Reading> readings, boolean cbor)
      throws IOException {
    if (readings.isEmpty()) {
      throw new IllegalArgumentException("a SenML pack needs at least one record");
    }
    Instant base = readings.get(0).time();
    g.writeStartArray();
    boolean first = true;
    for (Reading r : readings) {
      g.writeStartObject();
      if (first) {
        field(g, cbor, "bn", -2);
        g.writeString(baseName);
        field(g, cbor, "bt", -3);
        writeSeconds(g, base);
      }
      field(g, cbor, "n", 0);
      g.writeString(r.name());
      if (r.unit() != null) {
        field(g, cbor, "u", 1);
        g.writeString(r.unit());
      }
      switch (r.value()) {
        case Value.Number n -> {
          field(g, cbor, "v", 2);
          writeNumber(g, n.value());
        }
        case Value.Text t -> {
          field(g, cbor, "vs", 3);
          g.writeString(t.value());
        }
        case Value.Bool b -> {
          field(g, cbor, "vb", 4);
          g.writeBoolean(b.value());
        }
      }
      if (!first && !r.time().equals(base)) {
        field(g, cbor, "t", 6);
        writeNumber(g, (r.time().toEpochMilli() - base.toEpochMilli()) / 1000.0);
      }
      g.writeEndObject();
      first = false;
    }
    g.writeEndArray();
  }

  private static final java.util.Map<Integer, String> LABELS =
      java.util.Map.ofEntries(
          java.util.Map.entry(-1, "bver"),
          java.util.Map.entry(-2, "bn"),
          java.util.Map.entry(-3, "bt"),
          java.util.Map.entry(-4, "bu"),
          java.util.Map.entry(-5, "bv"),
          java.util.Map.entry(-6, "bs"),
          java.util.Map.entry(0, "n"),
          java.util.Map.entry(1, "u"),
          java.util.Map.entry(2, "v"),
          java.util.Map.entry(3, "vs"),
          java.util.Map.entry(4, "vb"),
          java.util.Map.entry(5, "s"),
          java.util.Map.entry(6, "t"),
          java.util.Map.entry(7, "ut"),
          java.util.Map.entry(8, "vd"));

  /**
   * A SenML CBOR pack as the equivalent SenML JSON records (RFC 8428 §6: integer labels become
   * their names), each a map of label to {@code String}, {@code Long}, {@code Double} or {@code
   * Boolean}, for printing with {@link RecordJson}.
   *
   * @throws IllegalArgumentException if it is not a SenML CBOR pack
   */
  public static java.util.List<java.util.Map<String, Object>> cborToRecords(byte[] cbor) {
    java.util.List<java.util.Map<String, Object>> out = new java.util.ArrayList<>();
    try (com.fasterxml.jackson.core.JsonParser p = CBOR.createParser(cbor)) {
      if (p.nextToken() != com.fasterxml.jackson.core.JsonToken.START_ARRAY) {
        throw new IllegalArgumentException("a SenML pack is an array");
      }
      while (p.nextToken() == com.fasterxml.jackson.core.JsonToken.START_OBJECT) {
        java.util.Map<String, Object> record = new java.util.LinkedHashMap<>();
        while (p.nextToken() == com.fasterxml.jackson.core.JsonToken.FIELD_NAME) {
          String name = p.currentName();
          try {
            name = LABELS.getOrDefault(Integer.parseInt(name), name);
          } catch (NumberFormatException e) {
            // a text label (RFC 8428 allows them for extensions): kept as it is
          }
          com.fasterxml.jackson.core.JsonToken t = p.nextToken();
          Object value =
              switch (t) {
                case VALUE_NUMBER_INT -> p.getLongValue();
                case VALUE_NUMBER_FLOAT -> p.getDoubleValue();
                case VALUE_TRUE -> Boolean.TRUE;
                case VALUE_FALSE -> Boolean.FALSE;
                case VALUE_STRING -> p.getText();
                default -> {
                  p.skipChildren();
                  yield null;
                }
              };
          record.put(name, value);
        }
        out.add(record);
      }
      if (p.currentToken() != com.fasterxml.jackson.core.JsonToken.END_ARRAY
          || p.nextToken() != null) {
        throw new IllegalArgumentException("a SenML pack is an array of records and nothing else");
      }
    } catch (IOException e) {
      throw new IllegalArgumentException("not SenML CBOR: " + e.getMessage());
    }
    return out;
  }

  private static void field(JsonGenerator g, boolean cbor, String label, int cborLabel)
      throws IOException {
    if (cbor) {
      ((CBORGenerator) g).writeFieldId(cborLabel);
    } else {
      g.writeFieldName(label);
    }
  }

  private static void writeSeconds(JsonGenerator g, Instant time) throws IOException {
    long ms = time.toEpochMilli();
    if (ms % 1000 == 0) {
      g.writeNumber(ms / 1000);
    } else {
      g.writeNumber(ms / 1000.0);
    }
  }

  private static void writeNumber(JsonGenerator g, double v) throws IOException {
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      g.writeNumber((long) v);
    } else {
      g.writeNumber(v);
    }
  }
}
