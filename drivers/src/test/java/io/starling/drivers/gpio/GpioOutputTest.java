package io.starling.drivers.gpio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.starling.drivers.testing.FakeHardware;
import io.starling.drivers.testing.MutableClock;
import io.starling.drivers.testing.TestContext;
import io.starling.runtime.driver.spi.ActuatorDriver;
import io.starling.runtime.driver.spi.DriverConfig;
import io.starling.runtime.driver.spi.InvalidCommandException;
import io.starling.runtime.driver.spi.InvalidDriverConfigException;
import io.starling.runtime.driver.spi.Value;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GpioOutputTest {

  private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");
  private final GpioOutputFactory factory = new GpioOutputFactory();
  private final FakeHardware hardware = new FakeHardware();

  private ActuatorDriver open(Map<String, ?> config) throws Exception {
    factory.validate(DriverConfig.of(config));
    return factory.open(TestContext.of(config, new MutableClock(T0)).withHardware(hardware));
  }

  @Test
  void gpio_output_drives_the_pin_high_for_on() throws Exception {
    ActuatorDriver out = open(Map.of("pin", 17));

    assertThat(out.state().value()).isEqualTo(Value.of(false));
    out.apply(Value.of("on"));
    out.apply(Value.of(0));
    out.apply(Value.of(true));

    assertThat(hardware.output(17).levels()).containsExactly(false, true, false, true);
    assertThat(out.state().value()).isEqualTo(Value.of(true));
  }

  @Test
  void gpio_output_active_low_inverts_the_level() throws Exception {
    ActuatorDriver out = open(Map.of("pin", 4, "active-low", true, "initial", true));

    assertThat(hardware.output(4).levels()).containsExactly(false);
    assertThat(out.state().value()).isEqualTo(Value.of(true));
    out.apply(Value.of(false));

    assertThat(hardware.output(4).isHigh()).isTrue();
  }

  @Test
  void gpio_output_close_turns_it_off_and_releases_the_pin() throws Exception {
    ActuatorDriver out = open(Map.of("pin", 27, "active-low", true, "initial", true));

    out.close();

    assertThat(hardware.output(27).isHigh()).isTrue(); // off, for an active-low device
    assertThat(hardware.output(27).isClosed()).isTrue();
  }

  @Test
  void gpio_output_rejects_commands_that_are_not_on_off() throws Exception {
    ActuatorDriver out = open(Map.of("pin", 17));

    assertThatThrownBy(() -> out.apply(Value.of(2)))
        .isInstanceOf(InvalidCommandException.class)
        .hasMessageContaining("number 2.0 is not an on/off command");
    assertThat(hardware.output(17).levels()).containsExactly(false);
  }

  @Test
  void gpio_output_requires_a_bcm_pin_in_range() {
    assertThatThrownBy(() -> factory.validate(DriverConfig.of(Map.of())))
        .isInstanceOf(InvalidDriverConfigException.class)
        .hasMessage("missing required key 'pin'");
    assertThatThrownBy(() -> factory.validate(DriverConfig.of(Map.of("pin", 28))))
        .hasMessageContaining("pin 28 is out of range [0, 27]");
  }
}
