package io.starling.runtime.wire;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import io.starling.runtime.driver.spi.Reading;
import io.starling.runtime.driver.spi.Value;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SenmlCodecTest {

  private static final Instant T = Instant.parse("2026-11-21T10:00:00.250Z");
  private static final List<Reading> READINGS =
      List.of(
          Reading.of("temperature", "Cel", 21.5, T),
          Reading.of("humidity", "%RH", 55, T.plusMillis(500)),
          new Reading("door", null, Value.of(true), T),
          new Reading("mode", null, Value.of("auto"), T));

  @Test
  void encodes_json_with_rfc8428_labels_base_name_and_base_time() throws Exception {
    JsonNode pack = new ObjectMapper().readTree(SenmlCodec.toJson("greenhouse-1/air/", READINGS));

    assertThat(pack.isArray()).isTrue();
    assertThat(pack).hasSize(4);
    assertThat(pack.get(0).get("bn").asText()).isEqualTo("greenhouse-1/air/");
    assertThat(pack.get(0).get("bt").asDouble()).isEqualTo(T.toEpochMilli() / 1000.0);
    assertThat(pack.get(0).get("n").asText()).isEqualTo("temperature");
    assertThat(pack.get(0).get("u").asText()).isEqualTo("Cel");
    assertThat(pack.get(0).get("v").asDouble()).isEqualTo(21.5);
    assertThat(pack.get(1).has("bn")).isFalse();
    assertThat(pack.get(1).get("v").asDouble()).isEqualTo(55);
    assertThat(pack.get(1).get("t").asDouble()).isEqualTo(0.5);
    assertThat(pack.get(2).get("vb").asBoolean()).isTrue();
    assertThat(pack.get(2).has("u")).isFalse();
    assertThat(pack.get(3).get("vs").asText()).isEqualTo("auto");
  }

  @Test
  void encodes_cbor_with_the_integer_labels_of_rfc8428_section_6() throws Exception {
    JsonNode pack =
        new ObjectMapper(new CBORFactory())
            .readTree(SenmlCodec.toCbor("greenhouse-1/air/", READINGS));

    // Jackson exposes integer CBOR map keys as their decimal text.
    assertThat(pack.get(0).get("-2").asText()).isEqualTo("greenhouse-1/air/");
    assertThat(pack.get(0).get("-3").asDouble()).isEqualTo(T.toEpochMilli() / 1000.0);
    assertThat(pack.get(0).get("0").asText()).isEqualTo("temperature");
    assertThat(pack.get(0).get("1").asText()).isEqualTo("Cel");
    assertThat(pack.get(0).get("2").asDouble()).isEqualTo(21.5);
    assertThat(pack.get(1).get("6").asDouble()).isEqualTo(0.5);
    assertThat(pack.get(2).get("4").asBoolean()).isTrue();
    assertThat(pack.get(3).get("3").asText()).isEqualTo("auto");
  }

  @Test
  void cbor_is_smaller_than_json() {
    assertThat(SenmlCodec.toCbor("a/b/", READINGS).length)
        .isLessThan(SenmlCodec.toJson("a/b/", READINGS).length);
  }
}
