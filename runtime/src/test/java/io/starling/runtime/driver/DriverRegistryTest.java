package io.starling.runtime.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.starling.runtime.profile.TestDrivers;
import io.starling.runtime.profile.TestDrivers.FakeSensor;
import java.util.List;
import org.junit.jupiter.api.Test;

class DriverRegistryTest {

  @Test
  void finds_factories_by_type_and_lists_types_sorted() {
    DriverRegistry registry = TestDrivers.registry();

    assertThat(registry.sensorTypes()).containsExactly("bme280", "simulated", "system");
    assertThat(registry.actuatorTypes()).containsExactly("gpio-output", "simulated");
    assertThat(registry.sensor("bme280")).get().extracting(f -> f.type()).isEqualTo("bme280");
    assertThat(registry.actuator("bme280")).isEmpty();
    assertThat(registry.sensor("nope")).isEmpty();
  }

  @Test
  void rejects_two_factories_of_one_kind_with_the_same_type_naming_both_classes() {
    FakeSensor first = new FakeSensor("dup", List.of());
    FakeSensor second = new FakeSensor("dup", List.of()) {};

    assertThatThrownBy(() -> DriverRegistry.of(List.of(first, second), List.of()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("sensor drivers of type 'dup'")
        .hasMessageContaining(FakeSensor.class.getName())
        .hasMessageContaining(second.getClass().getName());
  }

  @Test
  void service_loader_with_no_registrations_gives_an_empty_registry() {
    DriverRegistry registry = DriverRegistry.fromServiceLoader(new ClassLoader(null) {});

    assertThat(registry.sensorTypes()).isEmpty();
    assertThat(registry.actuatorTypes()).isEmpty();
  }
}
