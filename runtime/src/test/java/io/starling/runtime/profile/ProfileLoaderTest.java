package io.starling.runtime.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProfileLoaderTest {

  private static final Path FILE = Path.of("profiles/p.yaml");
  private static final Path STATE_ROOT = Path.of("/var/lib/starling-test");

  private final ProfileLoader loader = new ProfileLoader(TestDrivers.registry(), STATE_ROOT);

  private static final String NODE =
      """
      node:
        name: n1
        mesh: m
      """;

  private List<String> problems(String yaml) {
    InvalidProfileException e =
        catchThrowableOfType(InvalidProfileException.class, () -> loader.check(FILE, yaml));
    assertThat(e).as("expected problems in:%n%s", yaml).isNotNull();
    return e.problems().stream().map(ProfileProblem::toString).toList();
  }

  @Test
  void reports_unknown_key_with_did_you_mean_at_its_line_and_column() {
    assertThat(
            problems(
                NODE
                    + """
                    sensors:
                      - name: air
                        driver: simulated
                        intervall: 2s
                    """))
        .containsExactly(
            "profiles/p.yaml:7:5: sensors[0]: unknown key 'intervall' (did you mean 'interval'?);"
                + " known keys: name, driver, interval, topic, config");
  }

  @Test
  void reports_unknown_top_level_key_with_did_you_mean() {
    assertThat(problems(NODE + "netwrok:\n  port: 5683\n"))
        .containsExactly(
            "profiles/p.yaml:4:1: unknown key 'netwrok' (did you mean 'network'?); known keys:"
                + " node, network, security, sensors, actuators, pubsub, automations,"
                + " subscriptions");
  }

  @Test
  void reports_wrong_type_with_the_value_at_the_value() {
    assertThat(problems(NODE + "network:\n  port: fifty\n"))
        .containsExactly(
            "profiles/p.yaml:5:9: network.port must be an integer, got string \"fifty\"");
  }

  @Test
  void reports_value_out_of_range_with_the_range() {
    assertThat(problems(NODE + "network:\n  port: 70000\n"))
        .containsExactly("profiles/p.yaml:5:9: network.port 70000 is out of range [0, 65535]");
  }

  @Test
  void reports_interval_below_the_minimum() {
    assertThat(
            problems(
                NODE
                    + """
                    sensors:
                      - name: air
                        driver: simulated
                        interval: 50ms
                    """))
        .containsExactly(
            "profiles/p.yaml:7:15: sensors[0].interval 50ms is below the minimum 100ms");
  }

  @Test
  void reports_a_malformed_duration_with_the_accepted_format() {
    assertThat(
            problems(
                NODE
                    + """
                    sensors:
                      - name: air
                        driver: simulated
                        interval: 2 seconds
                    """))
        .containsExactly(
            "profiles/p.yaml:7:15: sensors[0].interval '2 seconds' must be a whole number and a"
                + " unit: 500ms, 10s, 5m, 2h or 1d");
  }

  @Test
  void reports_duplicate_sensor_name_at_the_second_one() {
    assertThat(
            problems(
                NODE
                    + """
                    sensors:
                      - name: air
                        driver: simulated
                      - name: air
                        driver: system
                    """))
        .containsExactly(
            "profiles/p.yaml:7:11: sensors[1].name 'air' is already used by sensors[0]");
  }

  @Test
  void reports_duplicate_actuator_name_at_the_second_one() {
    assertThat(
            problems(
                NODE
                    + """
                    actuators:
                      - name: fan
                        driver: simulated
                      - name: fan
                        driver: gpio-output
                        config: {pin: 17}
                    """))
        .containsExactly(
            "profiles/p.yaml:7:11: actuators[1].name 'fan' is already used by actuators[0]");
  }

  @Test
  void reports_unknown_driver_type_with_did_you_mean_and_the_known_types() {
    assertThat(
            problems(
                NODE
                    + """
                    sensors:
                      - name: air
                        driver: bme208
                    """))
        .containsExactly(
            "profiles/p.yaml:6:13: sensors[0].driver 'bme208' is not a known sensor driver (did"
                + " you mean 'bme280'?); known: bme280, simulated, system");
  }

  @Test
  void checks_actuator_drivers_against_actuator_types_only() {
    assertThat(
            problems(
                NODE
                    + """
                    actuators:
                      - name: fan
                        driver: bme280
                    """))
        .containsExactly(
            "profiles/p.yaml:6:13: actuators[0].driver 'bme280' is not a known actuator driver;"
                + " known: gpio-output, simulated");
  }

  @Test
  void reports_driver_config_rejected_by_the_driver_at_the_config_key() {
    assertThat(
            problems(
                NODE
                    + """
                    sensors:
                      - name: air
                        driver: bme280
                        config:
                          bus: 1
                          address: 0x50
                    """))
        .containsExactly(
            "profiles/p.yaml:9:7: sensors[0].config: address 0x50 is not 0x76 or 0x77 (the"
                + " BME280's)");
  }

  @Test
  void reports_driver_config_without_a_key_at_the_config_block() {
    assertThat(
            problems(
                NODE
                    + """
                    actuators:
                      - name: fan
                        driver: gpio-output
                        config:
                          active-low: true
                    """))
        .containsExactly("profiles/p.yaml:7:5: actuators[0].config: missing required key 'pin'");
  }

  @Test
  void reports_driver_config_missing_entirely_at_the_driver_key() {
    assertThat(
            problems(
                NODE
                    + """
                    actuators:
                      - name: fan
                        driver: gpio-output
                    """))
        .containsExactly("profiles/p.yaml:6:5: actuators[0].config: missing required key 'pin'");
  }

  @Test
  void reports_yaml_syntax_error_at_its_position() {
    List<String> problems = problems(NODE + "sensors:\n  - name: air\n   driver: [simulated\n");

    assertThat(problems)
        .containsExactly(
            "profiles/p.yaml:6:4: YAML syntax error: expected <block end>, but found '<block"
                + " mapping start>' (while parsing a block collection)");
  }

  @Test
  void reports_a_duplicate_key_at_the_second_occurrence() {
    assertThat(problems(NODE + "network:\n  port: 1\n  port: 2\n"))
        .containsExactly("profiles/p.yaml:6:3: network: duplicate key 'port' (first at line 5)");
  }

  @Test
  void reports_missing_required_keys_at_the_enclosing_key() {
    assertThat(problems("node:\n  name: n1\n"))
        .containsExactly("profiles/p.yaml:1:1: node: missing required key 'mesh'");
  }

  @Test
  void reports_an_empty_file_at_its_start() {
    assertThat(problems("# nothing here\n"))
        .containsExactly(
            "profiles/p.yaml:1:1: the profile is empty; it needs at least node.name and node.mesh");
  }

  @Test
  void reports_names_topics_and_filters_that_break_their_patterns() {
    assertThat(
            problems(
                """
                node:
                  name: Greenhouse 1
                  mesh: m
                sensors:
                  - name: air
                    driver: simulated
                    topic: a/+/b
                subscriptions:
                  - filter: a/#/b
                """))
        .containsExactly(
            "profiles/p.yaml:2:9: node.name 'Greenhouse 1' must be 1 to 63 lower-case letters,"
                + " digits, '-' or '_', starting with a letter or digit",
            "profiles/p.yaml:7:12: sensors[0].topic 'a/+/b' must be a topic name: levels separated"
                + " by '/', without the wildcards '+' and '#'",
            "profiles/p.yaml:9:13: subscriptions[0].filter 'a/#/b' must be a topic filter: '+' and"
                + " '#' only as a whole level, '#' only as the last level");
  }

  @Test
  void reports_every_problem_of_a_profile_with_three_mistakes_in_file_order() {
    assertThat(
            problems(
                """
                node:
                  name: n1
                  mesh: m
                network:
                  port: "5683"
                sensors:
                  - name: air
                    driver: simulatd
                    intervall: 5s
                """))
        .containsExactly(
            "profiles/p.yaml:5:9: network.port must be an integer, got string \"5683\"",
            "profiles/p.yaml:8:13: sensors[0].driver 'simulatd' is not a known sensor driver (did"
                + " you mean 'simulated'?); known: bme280, simulated, system",
            "profiles/p.yaml:9:5: sensors[0]: unknown key 'intervall' (did you mean 'interval'?);"
                + " known keys: name, driver, interval, topic, config");
  }

  @Test
  void gives_a_minimal_profile_every_default() throws Exception {
    Profile p =
        loader.check(
            FILE,
            NODE
                + """
                sensors:
                  - name: air
                    driver: simulated
                """);

    Path dataDir = STATE_ROOT.toAbsolutePath().resolve("n1");
    assertThat(p.source()).isEqualTo(FILE);
    assertThat(p.node()).isEqualTo(new NodeSettings("n1", "m", dataDir));
    assertThat(p.network()).isEqualTo(NetworkSettings.defaults());
    assertThat(p.security())
        .isEqualTo(new SecuritySettings(dataDir.resolve("node.key"), null, null, List.of(), null));
    assertThat(p.sensors()).hasSize(1);
    SensorSpec air = p.sensors().getFirst();
    assertThat(air.interval()).isEqualTo(Duration.ofSeconds(10));
    assertThat(air.topic()).isEqualTo("n1/air");
    assertThat(air.config().keys()).isEmpty();
    assertThat(p.actuators()).isEmpty();
    assertThat(p.subscriptions()).isEmpty();
  }

  @Test
  void binds_every_key_and_resolves_relative_paths_against_the_profile_directory()
      throws Exception {
    Profile p =
        loader
            .withoutTrustFiles()
            .check(
                FILE,
                """
            node:
              name: n1
              mesh: m
              data: state
            network:
              bind: 127.0.0.1
              port: 0
              interfaces: [eth0, wlan0]
              peers: ["10.0.0.2:5683", "[fe80::1]:5684"]
            security:
              certificate: ../certs/n1.crt
              trust: /etc/starling/ca.crt
            sensors:
              - name: air
                driver: simulated
                interval: 100ms
                topic: greenhouse/air
                config: {seed: 42, temperature: 21.5}
            actuators:
              - name: fan
                driver: simulated
                config: {mode: switch}
                allow: [operators, admin]
            subscriptions:
              - filter: greenhouse/+/air
              - filter: "#"
            """);

    Path dir = FILE.toAbsolutePath().getParent();
    assertThat(p.node().dataDir()).isEqualTo(dir.resolve("state"));
    assertThat(p.network())
        .isEqualTo(
            new NetworkSettings(
                "127.0.0.1",
                0,
                List.of("eth0", "wlan0"),
                List.of("10.0.0.2:5683", "[fe80::1]:5684"),
                true));
    assertThat(p.security().key()).isEqualTo(dir.resolve("state/node.key"));
    assertThat(p.security().certificateFile()).contains(dir.getParent().resolve("certs/n1.crt"));
    assertThat(p.security().trustFile()).contains(Path.of("/etc/starling/ca.crt"));
    SensorSpec air = p.sensor("air").orElseThrow();
    assertThat(air.interval()).isEqualTo(Duration.ofMillis(100));
    assertThat(air.topic()).isEqualTo("greenhouse/air");
    assertThat(air.config().raw("seed")).contains(42);
    assertThat(air.config().raw("temperature")).contains(21.5);
    assertThat(p.actuator("fan").orElseThrow().allow()).containsExactly("operators", "admin");
    assertThat(p.subscriptions())
        .containsExactly(new SubscriptionSpec("greenhouse/+/air"), new SubscriptionSpec("#"));
  }

  @Test
  void defaults_actuator_allow_to_admin() throws Exception {
    Profile p =
        loader.check(
            FILE,
            NODE + "actuators:\n  - name: fan\n    driver: gpio-output\n    config: {pin: 17}\n");

    assertThat(p.actuator("fan").orElseThrow().allow()).containsExactly("admin");
  }

  @Test
  void passes_hex_integers_into_the_driver_config() throws Exception {
    Profile p =
        loader.check(
            FILE,
            NODE
                + """
                sensors:
                  - name: air
                    driver: bme280
                    config:
                      address: 0x77
                """);

    var config = p.sensor("air").orElseThrow().config();
    assertThat(config.raw("address")).contains(0x77);
    assertThat(config.integer("address", 0, 0, 0x7f)).isEqualTo(0x77);
  }

  @Test
  void loads_from_a_file_and_names_it_as_given(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("bad.yaml");
    Files.writeString(file, NODE + "network:\n  port: 70000\n");

    InvalidProfileException e =
        catchThrowableOfType(InvalidProfileException.class, () -> loader.load(file));

    assertThat(e.problems())
        .extracting(ProfileProblem::toString)
        .containsExactly(file + ":5:9: network.port 70000 is out of range [0, 65535]");
    assertThat(e.getMessage())
        .isEqualTo(file + ":5:9: network.port 70000 is out of range [0, 65535]");
  }

  @Test
  void throws_no_such_file_for_a_missing_profile(@TempDir Path dir) {
    assertThatThrownBy(() -> loader.load(dir.resolve("missing.yaml")))
        .isInstanceOf(NoSuchFileException.class);
  }

  @Test
  void accepts_the_shipped_profiles() throws Exception {
    Path profiles = Path.of("../firmware-config/profiles");

    Profile simulated = loader.load(profiles.resolve("simulated.yaml"));
    assertThat(simulated.node().name()).isEqualTo("greenhouse-1");
    assertThat(simulated.sensors()).extracting(SensorSpec::name).containsExactly("air", "soil");

    // the Pi profile ships with its security block as enrolment instructions (comments), so it
    // passes the full check, files included, on any machine
    Profile pi = loader.load(profiles.resolve("raspberry-pi-bme280-relay.yaml"));
    assertThat(pi.sensor("air").orElseThrow().config().raw("address")).contains(0x76);
    assertThat(pi.security().trustFile()).isEmpty();

    Profile minimal = loader.load(profiles.resolve("minimal.yaml"));
    assertThat(minimal.sensors()).hasSize(1);
    for (String name :
        List.of("simulated.yaml", "raspberry-pi-bme280-relay.yaml", "minimal.yaml")) {
      assertThat(Files.readAllLines(profiles.resolve(name)).getFirst())
          .isEqualTo("# yaml-language-server: $schema=../schema/profile.schema.json");
    }
  }

  @Test
  void accepts_the_annotated_example_in_the_profile_docs() throws Exception {
    String doc = Files.readString(Path.of("../docs/PROFILE.md"));
    String section = doc.substring(doc.indexOf("## A complete, annotated profile"));
    int start = section.indexOf("```yaml\n") + "```yaml\n".length();
    String yaml = section.substring(start, section.indexOf("```", start));

    Profile p = loader.withoutTrustFiles().check(Path.of("docs/example.yaml"), yaml);

    assertThat(p.subscriptions())
        .containsExactly(
            new SubscriptionSpec("greenhouse/+/air"), new SubscriptionSpec("greenhouse/alerts/#"));
    assertThat(p.sensor("air").orElseThrow().config().raw("address")).contains(0x76);
  }

  @Test
  void binds_automations_with_their_condition_and_actions() throws Exception {
    Profile p =
        loader.check(
            FILE,
            NODE
                + """
                automations:
                  - name: cool-greenhouse
                    when: {topic: greenhouse/+/air, reading: temperature, above: 30}
                    then: {node: pi-fan, actuator: fan, value: on}
                    otherwise: {node: pi-fan, actuator: fan, value: off}
                  - name: door-alarm
                    when: {topic: shed/door, reading: state, equals: open}
                    then: {node: pi-siren, actuator: siren, value: 2.5}
                subscriptions:
                  - {filter: "greenhouse/#", log: logs/greenhouse.jsonl}
                pubsub: {log_size: 4MiB, log_age: 2h}
                """);

    AutomationSpec cool = p.automations().get(0);
    assertThat(cool.name()).isEqualTo("cool-greenhouse");
    assertThat(cool.filter()).isEqualTo("greenhouse/+/air");
    assertThat(cool.reading()).isEqualTo("temperature");
    assertThat(cool.condition().test(io.starling.runtime.driver.spi.Value.of(30.5))).isTrue();
    assertThat(cool.condition().test(io.starling.runtime.driver.spi.Value.of(30))).isFalse();
    assertThat(cool.then())
        .isEqualTo(
            new AutomationSpec.Action(
                "pi-fan", "fan", io.starling.runtime.driver.spi.Value.of(true)));
    assertThat(cool.otherwise().value()).isEqualTo(io.starling.runtime.driver.spi.Value.of(false));
    AutomationSpec door = p.automations().get(1);
    assertThat(door.condition().test(io.starling.runtime.driver.spi.Value.of("open"))).isTrue();
    assertThat(door.otherwise()).isNull();
    assertThat(door.then().value()).isEqualTo(io.starling.runtime.driver.spi.Value.of(2.5));
    assertThat(p.logLimits())
        .isEqualTo(new io.starling.runtime.pubsub.LogLimits(4 * 1024 * 1024, Duration.ofHours(2)));
    assertThat(p.subscriptions().get(0).log())
        .isEqualTo(FILE.toAbsolutePath().getParent().resolve("logs/greenhouse.jsonl"));
  }

  @Test
  void an_automation_needs_exactly_one_condition() {
    List<String> found =
        problems(
            NODE
                + """
                automations:
                  - name: a
                    when: {topic: greenhouse/+/air, reading: temperature, above: 30, below: 10}
                    then: {node: pi-fan, actuator: fan, value: on}
                """);

    assertThat(found)
        .singleElement()
        .asString()
        .startsWith("profiles/p.yaml:6:")
        .contains("exactly one of above, below or equals (found 2)");
  }

  @Test
  void an_automation_watches_a_valid_filter() {
    List<String> found =
        problems(
            NODE
                + """
                automations:
                  - name: b
                    when: {topic: "greenhouse/#/air", reading: temperature, above: 30}
                    then: {node: pi-fan, actuator: fan, value: on}
                """);

    assertThat(found)
        .singleElement()
        .asString()
        .startsWith("profiles/p.yaml:6:")
        .contains("'greenhouse/#/air' must be a topic filter");
  }
}
