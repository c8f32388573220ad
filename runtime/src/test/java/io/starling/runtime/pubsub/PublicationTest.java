package io.starling.runtime.pubsub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.dataformat.cbor.CBORGenerator;
import io.starling.runtime.testing.DebianPackages;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PublicationTest {

  private static final CBORFactory CBOR = new CBORFactory();

  @TempDir Path dir;

  private interface Writer {
    void write(CBORGenerator g) throws IOException;
  }

  private static byte[] cbor(Writer w) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (CBORGenerator g = CBOR.createGenerator(out)) {
      w.write(g);
    }
    return out.toByteArray();
  }

  /** A 5-element array whose elements {@code w} writes. */
  private static byte[] array(Writer w) throws IOException {
    return cbor(
        g -> {
          g.writeStartArray();
          w.write(g);
          g.writeEndArray();
        });
  }

  @Test
  void round_trips_through_cbor() {
    byte[] body = {(byte) 0x81, (byte) 0xa1, 0x00, 0x61, 0x74};
    Publication p =
        new Publication("greenhouse/1/air", 3_000_000_000L, 42, 112, body); // epoch > 2^31

    Publication back = Publication.decode(p.encode());

    assertThat(back.topic()).isEqualTo("greenhouse/1/air");
    assertThat(back.epoch()).isEqualTo(3_000_000_000L);
    assertThat(back.seq()).isEqualTo(42);
    assertThat(back.contentFormat()).isEqualTo(112);
    assertThat(back.body()).containsExactly(body);
  }

  @Test
  void is_a_definite_length_array_of_five() {
    byte[] bytes = new Publication("t", 1, 1, 0, new byte[0]).encode();

    // 0x85: major type 4 (array), 5 elements; then 0x61 't': a text string of one byte
    assertThat(HexFormat.of().formatHex(bytes)).startsWith("856174");
  }

  @Test
  void round_trips_the_largest_values_allowed() {
    byte[] body = new byte[Publication.MAX_BODY];
    Arrays.fill(body, (byte) 7);
    String topic = "t/".repeat(Topics.MAX_LENGTH / 2);
    Publication p = new Publication(topic, Long.MAX_VALUE, Long.MAX_VALUE, 65535, body);

    Publication back = Publication.decode(p.encode());

    assertThat(back.topic()).isEqualTo(topic);
    assertThat(back.epoch()).isEqualTo(Long.MAX_VALUE);
    assertThat(back.seq()).isEqualTo(Long.MAX_VALUE);
    assertThat(back.contentFormat()).isEqualTo(65535);
    assertThat(back.body()).containsExactly(body);
  }

  @Test
  void decode_rejects_what_is_not_an_array() throws IOException {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Publication.decode(new byte[0]))
        .withMessageContaining("array");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Publication.decode(cbor(g -> g.writeString("sport"))))
        .withMessageContaining("array");
    byte[] map =
        cbor(
            g -> {
              g.writeStartObject();
              g.writeStringField("topic", "sport");
              g.writeEndObject();
            });
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Publication.decode(map))
        .withMessageContaining("array");
  }

  @Test
  void decode_rejects_invalid_cbor() {
    byte[] whole = new Publication("sport", 1, 1, 0, new byte[] {1, 2, 3}).encode();
    byte[] truncated = Arrays.copyOf(whole, whole.length - 2);

    assertThatIllegalArgumentException()
        .isThrownBy(() -> Publication.decode(truncated))
        .withMessageContaining("not valid CBOR");
  }

  @Test
  void decode_rejects_a_topic_that_is_not_a_text_string_or_not_a_name() throws IOException {
    byte[] bytesTopic =
        array(
            g -> {
              g.writeBinary("sport".getBytes(StandardCharsets.UTF_8));
              g.writeNumber(1);
              g.writeNumber(1);
              g.writeNumber(0);
              g.writeBinary(new byte[0]);
            });
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Publication.decode(bytesTopic))
        .withMessageContaining("topic is a text string");

    byte[] wildcard = new Publication("sport/#", 1, 1, 0, new byte[0]).encode();
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Publication.decode(wildcard))
        .withMessageContaining("wildcard");

    byte[] empty = new Publication("", 1, 1, 0, new byte[0]).encode();
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Publication.decode(empty))
        .withMessageContaining("empty");
  }

  @Test
  void decode_rejects_numbers_of_the_wrong_type_or_range() throws IOException {
    byte[] textEpoch =
        array(
            g -> {
              g.writeString("sport");
              g.writeString("1");
              g.writeNumber(1);
              g.writeNumber(0);
              g.writeBinary(new byte[0]);
            });
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Publication.decode(textEpoch))
        .withMessageContaining("epoch is an unsigned integer");

    byte[] floatSeq =
        array(
            g -> {
              g.writeString("sport");
              g.writeNumber(1);
              g.writeNumber(1.0);
              g.writeNumber(0);
              g.writeBinary(new byte[0]);
            });
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Publication.decode(floatSeq))
        .withMessageContaining("seq is an unsigned integer");

    byte[] negativeEpoch = new Publication("sport", -1, 1, 0, new byte[0]).encode();
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Publication.decode(negativeEpoch))
        .withMessageContaining("epoch is negative");

    byte[] negativeFormat = new Publication("sport", 1, 1, -1, new byte[0]).encode();
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Publication.decode(negativeFormat))
        .withMessageContaining("content format is negative");

    byte[] bigFormat = new Publication("sport", 1, 1, 65536, new byte[0]).encode();
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Publication.decode(bigFormat))
        .withMessageContaining("content format out of range");

    // [ "a", 2^64-1, 1, 0, h'' ]: an unsigned integer beyond a Java long
    byte[] hugeEpoch = HexFormat.of().parseHex("8561611bffffffffffffffff010040");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Publication.decode(hugeEpoch))
        .withMessageContaining("epoch is too large");
  }

  @Test
  void decode_rejects_seq_zero() {
    byte[] zero = new Publication("sport", 1, 0, 0, new byte[0]).encode();

    assertThatIllegalArgumentException()
        .isThrownBy(() -> Publication.decode(zero))
        .withMessageContaining("seq starts at 1");
  }

  @Test
  void decode_rejects_a_body_that_is_not_a_byte_string() throws IOException {
    byte[] textBody =
        array(
            g -> {
              g.writeString("sport");
              g.writeNumber(1);
              g.writeNumber(1);
              g.writeNumber(0);
              g.writeString("hello");
            });

    assertThatIllegalArgumentException()
        .isThrownBy(() -> Publication.decode(textBody))
        .withMessageContaining("body is a byte string");
  }

  @Test
  void decode_rejects_an_oversize_body() {
    byte[] big = new Publication("sport", 1, 1, 0, new byte[Publication.MAX_BODY + 1]).encode();

    assertThatIllegalArgumentException()
        .isThrownBy(() -> Publication.decode(big))
        .withMessageContaining("body exceeds " + Publication.MAX_BODY);
  }

  @Test
  void decode_rejects_missing_and_trailing_elements() throws IOException {
    byte[] six =
        array(
            g -> {
              g.writeString("sport");
              g.writeNumber(1);
              g.writeNumber(1);
              g.writeNumber(0);
              g.writeBinary(new byte[0]);
              g.writeNumber(99);
            });
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Publication.decode(six))
        .withMessageContaining("5 elements");

    byte[] four =
        array(
            g -> {
              g.writeString("sport");
              g.writeNumber(1);
              g.writeNumber(1);
              g.writeNumber(0);
            });
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Publication.decode(four))
        .withMessageContaining("body is a byte string");
  }

  @Test
  void decode_rejects_bytes_after_the_array() {
    byte[] whole = new Publication("sport", 1, 1, 0, new byte[] {1}).encode();
    byte[] trailing = Arrays.copyOf(whole, whole.length + 1); // one more item: the integer 0

    assertThatIllegalArgumentException()
        .isThrownBy(() -> Publication.decode(trailing))
        .withMessageContaining("trailing bytes");
  }

  /** An independent CBOR decoder (Debian's python3-cbor2) reads what we encode. */
  @Test
  void python_cbor2_decodes_our_encoding() throws Exception {
    DebianPackages.ensurePythonModules(List.of("cbor2"), "python3-cbor2");
    Publication p =
        new Publication("température/1", 3_000_000_000L, 7, 112, new byte[] {0, 1, (byte) 0xff});
    Path file = dir.resolve("publication.cbor");
    Files.write(file, p.encode());

    Process proc =
        new ProcessBuilder(
                DebianPackages.PYTHON,
                "-c",
                "import cbor2, json, sys\n"
                    + "v = cbor2.loads(open(sys.argv[1], 'rb').read())\n"
                    + "assert isinstance(v, list) and isinstance(v[4], bytes)\n"
                    + "print(json.dumps([v[0], v[1], v[2], v[3], v[4].hex()]))\n",
                file.toString())
            .redirectErrorStream(true)
            .start();
    String out = new String(proc.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    assertThat(proc.waitFor(30, TimeUnit.SECONDS)).isTrue();

    assertThat(proc.exitValue()).as(out).isZero();
    assertThat(out).isEqualTo("[\"temp\\u00e9rature/1\", 3000000000, 7, 112, \"0001ff\"]");
  }
}
