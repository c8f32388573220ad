package io.starling.drivers;

import static org.assertj.core.api.Assertions.assertThat;

import io.starling.runtime.driver.spi.ActuatorDriverFactory;
import io.starling.runtime.driver.spi.ConfigKey;
import io.starling.runtime.driver.spi.DriverFactory;
import io.starling.runtime.driver.spi.SensorDriverFactory;
import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class ServiceRegistrationTest {

  private static <T extends DriverFactory> List<T> load(Class<T> type) {
    return ServiceLoader.load(type).stream().map(ServiceLoader.Provider::get).toList();
  }

  @Test
  void built_in_drivers_are_found_by_service_loader() {
    assertThat(load(SensorDriverFactory.class))
        .extracting(DriverFactory::type)
        .containsExactlyInAnyOrder("simulated", "system", "bme280");
    assertThat(load(ActuatorDriverFactory.class))
        .extracting(DriverFactory::type)
        .containsExactlyInAnyOrder("simulated", "gpio-output");
  }

  @Test
  void every_built_in_driver_documents_its_keys_and_type_name() {
    Stream.concat(
            load(SensorDriverFactory.class).stream(), load(ActuatorDriverFactory.class).stream())
        .forEach(
            f -> {
              assertThat(f.type()).matches("[a-z0-9-]+");
              assertThat(f.description()).isNotBlank();
              assertThat(f.configKeys()).extracting(ConfigKey::description).doesNotContain("");
            });
  }
}
