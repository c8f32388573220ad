package io.starling.runtime.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.entry;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FlatJsonTest {

  private static Map<String, Object> parse(String json) {
    return FlatJson.parse(json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void reads_strings_integers_and_booleans_in_order() {
    Map<String, Object> o =
        parse(
            "{\"topic\":\"température/\\\"1\\\"\",\"epoch\":4000000000,\"neg\":-42,"
                + "\"max\":9223372036854775807,\"yes\":true,\"no\":false}");

    assertThat(o)
        .containsExactly(
            entry("topic", "température/\"1\""),
            entry("epoch", 4_000_000_000L),
            entry("neg", -42L),
            entry("max", Long.MAX_VALUE),
            entry("yes", true),
            entry("no", false));
    assertThat(o.get("epoch")).isInstanceOf(Long.class);
    assertThat(o.get("yes")).isInstanceOf(Boolean.class);
  }

  @Test
  void skips_nested_values_nulls_and_fractions_and_reads_on() {
    Map<String, Object> o =
        parse(
            "{\"obj\":{\"a\":{\"b\":1},\"c\":[2]},\"before\":1,"
                + "\"arr\":[1,[2,3],{\"x\":\"y\"}],\"nil\":null,\"frac\":1.5,\"after\":\"yes\"}");

    assertThat(o).containsExactly(entry("before", 1L), entry("after", "yes"));
  }

  @Test
  void reads_an_empty_object() {
    assertThat(parse("{}")).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "[]", "[{\"a\":1}]", "\"text\"", "42", "true", "null"})
  void refuses_what_is_not_an_object(String json) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> parse(json))
        .withMessageContaining("not a JSON object");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"a\":",
        "{\"a\":1",
        "{a:1}",
        "{\"a\":'x'}",
        "{\"a\":1,}",
        "{\"a\":99999999999999999999}",
        "{\"a\":[1,2}",
        "not json"
      })
  void refuses_invalid_json(String json) {
    assertThatIllegalArgumentException().isThrownBy(() -> parse(json));
  }

  @Test
  void text_returns_a_string_field_or_says_what_is_wrong() {
    Map<String, Object> o = parse("{\"s\":\"x\",\"i\":1,\"b\":true,\"n\":{\"s\":\"x\"}}");

    assertThat(FlatJson.text(o, "s")).isEqualTo("x");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> FlatJson.text(o, "i"))
        .withMessage("i is missing or not a string");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> FlatJson.text(o, "b"))
        .withMessage("b is missing or not a string");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> FlatJson.text(o, "n"))
        .withMessage("n is missing or not a string");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> FlatJson.text(o, "missing"))
        .withMessage("missing is missing or not a string");
  }

  @Test
  void integer_returns_an_integer_field_or_says_what_is_wrong() {
    Map<String, Object> o = parse("{\"i\":-7,\"s\":\"7\",\"b\":false,\"f\":7.0}");

    assertThat(FlatJson.integer(o, "i")).isEqualTo(-7L);
    assertThatIllegalArgumentException()
        .isThrownBy(() -> FlatJson.integer(o, "s"))
        .withMessage("s is missing or not an integer");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> FlatJson.integer(o, "b"))
        .withMessage("b is missing or not an integer");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> FlatJson.integer(o, "f"))
        .withMessage("f is missing or not an integer");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> FlatJson.integer(o, "missing"))
        .withMessage("missing is missing or not an integer");
  }

  @Test
  void refuses_trailing_content_after_the_object() {
    assertThat(parse("{\"a\":1} \n")).containsExactly(entry("a", 1L)); // whitespace is fine
    assertThatIllegalArgumentException().isThrownBy(() -> parse("{\"a\":1} x"));
    assertThatIllegalArgumentException()
        .isThrownBy(() -> parse("{\"a\":1}{\"b\":2}"))
        .withMessageContaining("trailing content");
  }
}
