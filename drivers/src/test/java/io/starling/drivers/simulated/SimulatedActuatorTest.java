package io.starling.drivers.simulated;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.starling.drivers.testing.MutableClock;
import io.starling.drivers.testing.TestContext;
import io.starling.runtime.driver.spi.ActuatorDriver;
import io.starling.runtime.driver.spi.ActuatorState;
import io.starling.runtime.driver.spi.DriverConfig;
import io.starling.runtime.driver.spi.InvalidCommandException;
import io.starling.runtime.driver.spi.InvalidDriverConfigException;
import io.starling.runtime.driver.spi.Value;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SimulatedActuatorTest {

  private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");
  private final SimulatedActuatorFactory factory = new SimulatedActuatorFactory();
  private final MutableClock clock = new MutableClock(T0);

  private ActuatorDriver open(Map<String, ?> config) throws Exception {
    factory.validate(DriverConfig.of(config));
    return factory.open(TestContext.of(config, clock));
  }

  @Test
  void simulated_switch_starts_off_and_accepts_bool_number_and_text() throws Exception {
    ActuatorDriver sw = open(Map.of());
    assertThat(sw.state()).isEqualTo(new ActuatorState(Value.of(false), null, T0));

    assertThat(sw.apply(Value.of(true)).value()).isEqualTo(Value.of(true));
    assertThat(sw.apply(Value.of(0)).value()).isEqualTo(Value.of(false));
    assertThat(sw.apply(Value.of(1)).value()).isEqualTo(Value.of(true));
    assertThat(sw.apply(Value.of("OFF")).value()).isEqualTo(Value.of(false));
    assertThat(sw.apply(Value.of("on")).value()).isEqualTo(Value.of(true));
  }

  @Test
  void simulated_switch_rejects_other_commands_and_keeps_its_state() throws Exception {
    ActuatorDriver sw = open(Map.of("initial", true));

    assertThatThrownBy(() -> sw.apply(Value.of(0.5)))
        .isInstanceOf(InvalidCommandException.class)
        .hasMessage("test: number 0.5 is not an on/off command (use true/false, 0/1 or on/off)");
    assertThatThrownBy(() -> sw.apply(Value.of("dim"))).isInstanceOf(InvalidCommandException.class);
    assertThat(sw.state().value()).isEqualTo(Value.of(true));
  }

  @Test
  void simulated_actuator_changes_since_only_when_the_value_changes() throws Exception {
    ActuatorDriver sw = open(Map.of());
    clock.advance(Duration.ofSeconds(5));
    sw.apply(Value.of(true));
    Instant changed = clock.instant();
    clock.advance(Duration.ofSeconds(5));

    assertThat(sw.apply(Value.of("on")).since()).isEqualTo(changed);
    assertThat(sw.state().since()).isEqualTo(changed);
  }

  @Test
  void simulated_level_accepts_numbers_in_range_with_its_unit() throws Exception {
    ActuatorDriver level = open(Map.of("mode", "level", "min", 10, "max", 20, "initial", 15));
    assertThat(level.state()).isEqualTo(new ActuatorState(Value.of(15.0), "%", T0));

    assertThat(level.apply(Value.of(20)).value()).isEqualTo(Value.of(20.0));
    assertThat(level.apply(Value.of(10)).value()).isEqualTo(Value.of(10.0));
  }

  @Test
  void simulated_actuator_rejects_level_out_of_range() throws Exception {
    ActuatorDriver level = open(Map.of("mode", "level"));

    assertThatThrownBy(() -> level.apply(Value.of(100.5)))
        .isInstanceOf(InvalidCommandException.class)
        .hasMessage("test: level 100.5 is out of range [0.0, 100.0]");
    assertThatThrownBy(() -> level.apply(Value.of(true)))
        .isInstanceOf(InvalidCommandException.class)
        .hasMessageContaining("boolean true is not a level");
    assertThat(level.state().value()).isEqualTo(Value.of(0.0));
  }

  @Test
  void simulated_actuator_rejects_inconsistent_config() {
    assertThatThrownBy(() -> factory.validate(DriverConfig.of(Map.of("mode", "dimmer"))))
        .isInstanceOf(InvalidDriverConfigException.class)
        .hasMessage("mode 'dimmer' is not one of: switch, level");
    assertThatThrownBy(
            () -> factory.validate(DriverConfig.of(Map.of("mode", "level", "min", 5, "max", 5))))
        .hasMessage("max 5.0 must be greater than min 5.0");
    assertThatThrownBy(
            () -> factory.validate(DriverConfig.of(Map.of("mode", "level", "initial", 101))))
        .hasMessageContaining("initial 101 is out of range");
    assertThatThrownBy(() -> factory.validate(DriverConfig.of(Map.of("max", 5))))
        .hasMessage("max applies to mode: level only; this actuator is a switch");
    assertThatThrownBy(() -> factory.validate(DriverConfig.of(Map.of("initial", 1))))
        .hasMessageContaining("initial must be true or false");
  }
}
