package io.starling.runtime.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Garbage in, located problems out: never another exception, never a problem without a place. */
class BrokenProfilesTest {

  private static final Path FILE = Path.of("broken.yaml");

  private final ProfileLoader loader = new ProfileLoader(TestDrivers.registry(), Path.of("/tmp"));

  private List<String> problems(String yaml) {
    InvalidProfileException e =
        catchThrowableOfType(InvalidProfileException.class, () -> loader.check(FILE, yaml));
    assertThat(e).as("expected problems in:%n%s", yaml).isNotNull();
    assertThat(e.problems()).isSortedAccordingTo(ProfileProblem.BY_POSITION);
    return e.problems().stream().map(ProfileProblem::toString).toList();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "- a\n- b\n",
        "just text\n",
        "{{{",
        "node:\n\tname: n\n",
        "node: [\n",
        "node:\n  name: n\n  mesh: m\nsensors:\n",
        "node:\n  name: n\n  mesh: m\nsensors: [5, {name: a}, [], ~]\n",
        "node:\n  name: n\n  mesh: m\nactuators: {fan: 1}\n",
        "node:\n  name: n\n  mesh: m\nnetwork:\n  port: 99999999999999999999999\n",
        "node:\n  name: n\n  mesh: m\nnetwork:\n  peers: [\"a:99999\", \"nocolon\", 5]\n",
        "node:\n  name: n\n  mesh: m\n---\nnode: {}\n",
        "node:\n  name: n\n  mesh: m\nsensors:\n  - {name: a, driver: simulated,"
            + " interval: 99999999999999999999d}\n",
        "node:\n  name: n\n  mesh: m\nsensors:\n  - {name: a, driver: simulated,"
            + " interval: 9999999999999999d}\n",
        "node: {name: \"\", mesh: m, data: \"\"}\nactuators:\n  - {name: f, driver: simulated,"
            + " allow: []}\n",
        "node:\n  name: n\n  mesh: m\n  data: \"a\\0b\"\n",
        "node:\n  name: n\n  mesh: m\nsensors:\n  - {name: a, driver: 7, config: [1]}\n",
        "? [complex, key]\n: value\n",
      })
  void reports_garbage_as_located_problems(String yaml) {
    assertThat(problems(yaml)).isNotEmpty().allMatch(p -> p.matches("broken\\.yaml:\\d+:\\d+: .+"));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "interval: 10 | broken.yaml:7:15: sensors[0].interval must be a whole number and a unit:"
            + " 500ms, 10s, 5m, 2h or 1d, got integer 10",
        "config: 5 | broken.yaml:7:13: sensors[0].config must be a map, got integer 5",
        "topic: '' | broken.yaml:7:12: sensors[0].topic '' must be a topic name: levels separated"
            + " by '/', without the wildcards '+' and '#'",
        "interval: 0ms | broken.yaml:7:15: sensors[0].interval 0ms is below the minimum 100ms",
      })
  void explains_sensor_values_by_their_rule(String line, String expected) {
    String yaml =
        "node:\n  name: n\n  mesh: m\nsensors:\n  - name: a\n    driver: simulated\n    "
            + line
            + "\n";

    assertThat(problems(yaml)).containsExactly(expected);
  }
}
