package io.starling.runtime.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.entry;

import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.dataformat.cbor.CBORGenerator;
import io.starling.runtime.driver.spi.Reading;
import io.starling.runtime.driver.spi.Value;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link SenmlCodec#cborToRecords}: SenML CBOR (RFC 8428 §6) back to records with §5 labels. */
class SenmlCborDecodeTest {

  private static final Instant T = Instant.parse("2026-11-21T10:00:00.250Z");

  private interface Writer {
    void write(CBORGenerator g) throws IOException;
  }

  private static byte[] cbor(Writer w) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (CBORGenerator g = new CBORFactory().createGenerator(out)) {
      w.write(g);
    }
    return out.toByteArray();
  }

  @Test
  void round_trips_numbers_text_and_booleans_with_units_and_base_name() {
    byte[] pack =
        SenmlCodec.toCbor(
            "greenhouse-1/air/",
            List.of(
                Reading.of("temperature", "Cel", 21.5, T),
                Reading.of("humidity", "%RH", 55, T.plusMillis(1500)),
                new Reading("door", null, Value.of(true), T),
                new Reading("alarm", null, Value.of(false), T),
                new Reading("mode", "", Value.of("auto ☀"), T)));

    List<Map<String, Object>> records = SenmlCodec.cborToRecords(pack);

    assertThat(records).hasSize(5);
    // bn -2, bt -3, n 0, u 1, v 2, vs 3, vb 4, t 6 (RFC 8428 §6), in the order written
    assertThat(records.get(0))
        .containsExactly(
            entry("bn", "greenhouse-1/air/"),
            entry("bt", T.toEpochMilli() / 1000.0),
            entry("n", "temperature"),
            entry("u", "Cel"),
            entry("v", 21.5));
    assertThat(records.get(1))
        .containsExactly(
            entry("n", "humidity"), entry("u", "%RH"), entry("v", 55L), entry("t", 1.5));
    assertThat(records.get(2)).containsExactly(entry("n", "door"), entry("vb", true));
    assertThat(records.get(3)).containsExactly(entry("n", "alarm"), entry("vb", false));
    assertThat(records.get(4))
        .containsExactly(entry("n", "mode"), entry("u", ""), entry("vs", "auto ☀"));
  }

  @Test
  void whole_seconds_and_whole_values_come_back_as_longs() {
    Instant whole = Instant.parse("2026-11-21T10:00:00Z");
    byte[] pack =
        SenmlCodec.toCbor(
            "s/",
            List.of(
                Reading.of("count", null, 3, whole),
                Reading.of("x", "m", -2.25, whole.plusSeconds(2))));

    List<Map<String, Object>> records = SenmlCodec.cborToRecords(pack);

    assertThat(records.get(0))
        .containsExactly(
            entry("bn", "s/"),
            entry("bt", whole.getEpochSecond()),
            entry("n", "count"),
            entry("v", 3L));
    assertThat(records.get(1))
        .containsExactly(entry("n", "x"), entry("u", "m"), entry("v", -2.25), entry("t", 2L));
  }

  @Test
  void names_every_rfc8428_label_and_keeps_unknown_and_text_labels() throws IOException {
    byte[] pack =
        cbor(
            g -> {
              g.writeStartArray();
              g.writeStartObject();
              g.writeFieldId(-1);
              g.writeNumber(10);
              g.writeFieldId(-4);
              g.writeString("Cel");
              g.writeFieldId(-5);
              g.writeNumber(20);
              g.writeFieldId(-6);
              g.writeNumber(1);
              g.writeFieldId(5);
              g.writeNumber(100);
              g.writeFieldId(7);
              g.writeNumber(60);
              g.writeFieldId(99);
              g.writeString("unknown");
              g.writeFieldName("custom_label");
              g.writeBoolean(true);
              g.writeEndObject();
              g.writeEndArray();
            });

    List<Map<String, Object>> records = SenmlCodec.cborToRecords(pack);

    assertThat(records)
        .singleElement()
        .satisfies(
            r ->
                assertThat(r)
                    .containsExactly(
                        entry("bver", 10L),
                        entry("bu", "Cel"),
                        entry("bv", 20L),
                        entry("bs", 1L),
                        entry("s", 100L),
                        entry("ut", 60L),
                        entry("99", "unknown"),
                        entry("custom_label", true)));
  }

  @Test
  void refuses_what_is_not_an_array() throws IOException {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> SenmlCodec.cborToRecords(new byte[0]))
        .withMessageContaining("array");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> SenmlCodec.cborToRecords("plain text".getBytes(StandardCharsets.UTF_8)))
        .withMessageContaining("SenML");
    byte[] map =
        cbor(
            g -> {
              g.writeStartObject();
              g.writeFieldId(0);
              g.writeString("n");
              g.writeEndObject();
            });
    assertThatIllegalArgumentException()
        .isThrownBy(() -> SenmlCodec.cborToRecords(map))
        .withMessageContaining("array");
  }

  @Test
  void refuses_invalid_cbor() {
    byte[] whole = SenmlCodec.toCbor("s/", List.of(Reading.of("x", "m", 1.5, T)));
    byte[] truncated = Arrays.copyOf(whole, whole.length - 3);

    assertThatIllegalArgumentException()
        .isThrownBy(() -> SenmlCodec.cborToRecords(truncated))
        .withMessageContaining("not SenML CBOR");
    // [{0: <additional information 28, reserved>}]
    assertThatIllegalArgumentException()
        .isThrownBy(() -> SenmlCodec.cborToRecords(HexFormat.of().parseHex("81a1001c")))
        .withMessageContaining("not SenML CBOR");
  }

  @Test
  void refuses_bytes_after_the_pack() {
    byte[] whole = SenmlCodec.toCbor("s/", List.of(Reading.of("x", "m", 1.5, T)));
    byte[] trailing = Arrays.copyOf(whole, whole.length + 1); // one more item: the integer 0

    assertThatIllegalArgumentException()
        .isThrownBy(() -> SenmlCodec.cborToRecords(trailing))
        .withMessageContaining("nothing else");
  }

  @Test
  void refuses_an_array_of_something_else_than_records() throws IOException {
    byte[] numbers =
        cbor(
            g -> {
              g.writeStartArray();
              g.writeNumber(1);
              g.writeNumber(2);
              g.writeEndArray();
            });
    byte[] recordThenNumber =
        cbor(
            g -> {
              g.writeStartArray();
              g.writeStartObject();
              g.writeFieldId(0);
              g.writeString("x");
              g.writeEndObject();
              g.writeNumber(5);
              g.writeEndArray();
            });

    assertThatIllegalArgumentException()
        .isThrownBy(() -> SenmlCodec.cborToRecords(numbers))
        .withMessageContaining("array of records");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> SenmlCodec.cborToRecords(recordThenNumber))
        .withMessageContaining("array of records");
  }
}
