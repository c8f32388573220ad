package io.starling.runtime.pubsub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Topic names and filters against the examples of MQTT 5.0 §4.7. */
class TopicsTest {

  /** MQTT 5.0 §4.7.1.2 (multi-level wildcard) and §4.7.1.3 (single-level wildcard). */
  @ParameterizedTest(name = "{0} matches {1}: {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        // §4.7.1.2: "sport/tennis/player1/#" matches all three
        "sport/tennis/player1/# | sport/tennis/player1                | true",
        "sport/tennis/player1/# | sport/tennis/player1/ranking        | true",
        "sport/tennis/player1/# | sport/tennis/player1/score/wimbledon | true",
        // §4.7.1.2: "sport/#" also matches the singular "sport"
        "sport/#                | sport                               | true",
        // §4.7.1.3: "+" matches exactly one level
        "sport/tennis/+         | sport/tennis/player1                | true",
        "sport/tennis/+         | sport/tennis/player2                | true",
        "sport/tennis/+         | sport/tennis/player1/ranking        | false",
        "sport/+                | sport                               | false",
        "sport/+                | sport/                              | true",
        // §4.7.1.3: "+/+" and "/+" match "/finance", "+" does not
        "+/+                    | /finance                            | true",
        "/+                     | /finance                            | true",
        "+                      | /finance                            | false",
        // §4.7.1.2: "#" matches every topic
        "#                      | sport                               | true",
        "#                      | sport/tennis/player1/ranking        | true",
        "#                      | /finance                            | true",
        "#                      | /                                   | true",
        // no wildcards: levels compare exactly, case-sensitively (§4.7.3)
        "sport/tennis           | sport/tennis                        | true",
        "sport/tennis           | sport/Tennis                        | false",
        "sport/tennis           | sport                               | false",
        "sport                  | sport/tennis                        | false",
        "sport/tennis           | sport/tennis/                       | false",
        // a level of "+" in the middle, "#" after "+"
        "sport/+/player1        | sport/tennis/player1                | true",
        "sport/+/player1        | sport/tennis/player2                | false",
        "+/tennis/#             | sport/tennis                        | true",
        "+/tennis/#             | sport/tennis/player1/ranking        | true",
        "+/tennis/#             | sport/golf/player1                  | false",
        "sport/+/#              | sport                               | false",
      })
  void matches_like_the_mqtt_spec(String filter, String topic, boolean expected) {
    assertThat(Topics.matches(filter, topic)).isEqualTo(expected);
  }

  @Test
  void accepts_the_spec_s_valid_names_and_filters() {
    assertThat(Topics.checkName("sport/tennis/player1")).isEqualTo("sport/tennis/player1");
    assertThat(Topics.checkName("/finance")).isEqualTo("/finance");
    assertThat(Topics.checkName("/")).isEqualTo("/");
    assertThat(Topics.checkName("température/küche")).isEqualTo("température/küche");
    assertThat(Topics.checkName("a".repeat(Topics.MAX_LENGTH))).hasSize(Topics.MAX_LENGTH);
    for (String filter :
        new String[] {
          "#", "+", "sport/#", "sport/tennis/#", "+/+", "/+", "sport/+/player1", "+/tennis/#"
        }) {
      assertThat(Topics.checkFilter(filter)).isEqualTo(filter);
    }
  }

  /** MQTT 5.0 §4.7.1.2 and §4.7.1.3 give these as invalid filters. */
  @ParameterizedTest
  @ValueSource(strings = {"sport/tennis#", "sport/#/ranking", "sport+", "#/sport", "sport/++"})
  void rejects_misplaced_wildcards_in_filters(String filter) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Topics.checkFilter(filter))
        .withMessageContaining(filter);
  }

  @ParameterizedTest
  @ValueSource(strings = {"sport/#", "sport/+/player1", "#", "+", "sport+"})
  void rejects_wildcards_in_names(String name) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Topics.checkName(name))
        .withMessageContaining("wildcard");
  }

  @Test
  void rejects_empty_topics_and_filters() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Topics.checkName(""))
        .withMessageContaining("empty");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Topics.checkName(null))
        .withMessageContaining("empty");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Topics.checkFilter(""))
        .withMessageContaining("empty");
  }

  @Test
  void rejects_topics_and_filters_longer_than_the_limit() {
    String tooLong = "a".repeat(Topics.MAX_LENGTH + 1);

    assertThatIllegalArgumentException()
        .isThrownBy(() -> Topics.checkName(tooLong))
        .withMessageContaining("exceeds " + Topics.MAX_LENGTH);
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Topics.checkFilter(tooLong))
        .withMessageContaining("exceeds " + Topics.MAX_LENGTH);
  }

  /** MQTT 5.0 §4.7.3: topic names and filters must not include the null character. */
  @Test
  void rejects_nul() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Topics.checkName("sport\0tennis"))
        .withMessageContaining("NUL");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Topics.checkFilter("sport/\0/#"))
        .withMessageContaining("NUL");
  }
}
