package io.starling.runtime.discovery.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TxtRecordTest {

  @Test
  void round_trips_pairs_in_order() {
    Map<String, String> pairs = new LinkedHashMap<>();
    pairs.put("v", "1");
    pairs.put("id", "abcdefghijklmnopqrstuvwxyz");
    pairs.put("mesh", "greenhouse");

    byte[] bytes = TxtRecord.encode(pairs);

    assertThat(bytes[0]).isEqualTo((byte) 3); // "v=1"
    assertThat(new String(bytes, 1, 3, StandardCharsets.UTF_8)).isEqualTo("v=1");
    assertThat(TxtRecord.decode(bytes)).contains(pairs);
    assertThat(TxtRecord.decode(bytes).orElseThrow().keySet()).containsExactly("v", "id", "mesh");
  }

  @Test
  void an_empty_record_is_one_zero_byte_and_decodes_empty() {
    assertThat(TxtRecord.encode(Map.of())).containsExactly(0);
    assertThat(TxtRecord.decode(new byte[] {0})).contains(Map.of());
    assertThat(TxtRecord.decode(new byte[0])).contains(Map.of());
    assertThat(TxtRecord.decode(null)).contains(Map.of());
  }

  @Test
  void keys_are_case_insensitive_and_the_first_occurrence_wins() {
    byte[] bytes = bytes("ID=first", "id=second", "Mesh=m");

    assertThat(TxtRecord.decode(bytes)).contains(Map.of("id", "first", "mesh", "m"));
  }

  @Test
  void a_key_without_equals_is_a_boolean_attribute_and_values_may_contain_equals() {
    assertThat(TxtRecord.decode(bytes("flag", "k=a=b"))).contains(Map.of("flag", "", "k", "a=b"));
  }

  @Test
  void a_length_running_past_the_end_is_malformed() {
    byte[] bytes = {5, 'v', '=', '1'};

    assertThat(TxtRecord.decode(bytes)).isEmpty();
  }

  @Test
  void entries_with_an_empty_key_are_skipped() {
    assertThat(TxtRecord.decode(bytes("=x", "v=1"))).contains(Map.of("v", "1"));
  }

  @Test
  void refuses_entries_over_255_bytes_and_bad_keys() {
    assertThatThrownBy(() -> TxtRecord.encode(Map.of("k", "x".repeat(254))))
        .hasMessageContaining("256 bytes, the limit is 255");
    assertThatThrownBy(() -> TxtRecord.encode(Map.of("a=b", "x")))
        .hasMessageContaining("TXT key 'a=b'");
    assertThatThrownBy(() -> TxtRecord.encode(Map.of("", "x"))).hasMessageContaining("TXT key ''");
  }

  private static byte[] bytes(String... entries) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    for (String e : entries) {
      byte[] b = e.getBytes(StandardCharsets.UTF_8);
      out.write(b.length);
      out.write(b, 0, b.length);
    }
    return out.toByteArray();
  }
}
