package io.starling.drivers.simulated;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.starling.drivers.testing.MutableClock;
import io.starling.drivers.testing.TestContext;
import io.starling.runtime.driver.spi.DriverConfig;
import io.starling.runtime.driver.spi.DriverException;
import io.starling.runtime.driver.spi.InvalidDriverConfigException;
import io.starling.runtime.driver.spi.Reading;
import io.starling.runtime.driver.spi.SensorDriver;
import io.starling.runtime.driver.spi.Value;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SimulatedSensorTest {

  private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");
  private final SimulatedSensorFactory factory = new SimulatedSensorFactory();

  private List<List<Reading>> readSeries(Map<String, ?> config, int n) throws DriverException {
    MutableClock clock = new MutableClock(T0);
    List<List<Reading>> out = new ArrayList<>();
    try (SensorDriver sensor = factory.open(TestContext.of(config, clock))) {
      for (int i = 0; i < n; i++) {
        out.add(sensor.read());
        clock.advance(Duration.ofSeconds(7));
      }
    }
    return out;
  }

  private static double value(Reading r) {
    return ((Value.Number) r.value()).value();
  }

  @Test
  void simulated_sensor_is_deterministic_for_a_seed() throws Exception {
    assertThat(readSeries(Map.of("seed", 42), 20)).isEqualTo(readSeries(Map.of("seed", 42), 20));
    assertThat(readSeries(Map.of("seed", 42), 20)).isNotEqualTo(readSeries(Map.of("seed", 43), 20));
  }

  @Test
  void simulated_sensor_returns_temperature_in_celsius_and_humidity_in_percent_rh()
      throws Exception {
    List<Reading> sample = readSeries(Map.of(), 1).get(0);

    assertThat(sample).extracting(Reading::name).containsExactly("temperature", "humidity");
    assertThat(sample).extracting(Reading::unit).containsExactly("Cel", "%RH");
    assertThat(sample).allSatisfy(r -> assertThat(r.time()).isEqualTo(T0));
  }

  @Test
  void simulated_sensor_follows_the_sine_wave_of_its_period() throws Exception {
    MutableClock clock = new MutableClock(T0); // epoch millis of T0 is a whole number of minutes
    SensorDriver sensor =
        factory.open(TestContext.of(Map.of("noise", 0, "period", "1m", "temperature", 20), clock));

    double start = value(sensor.read().get(0));
    clock.advance(Duration.ofSeconds(15)); // a quarter period: sin = 1
    double peak = value(sensor.read().get(0));
    clock.advance(Duration.ofSeconds(30)); // three quarters: sin = -1
    double trough = value(sensor.read().get(0));

    assertThat(start).isCloseTo(20.0, within(1e-9));
    assertThat(peak).isCloseTo(20.0 + SimulatedSensor.TEMPERATURE_SWING, within(1e-9));
    assertThat(trough).isCloseTo(20.0 - SimulatedSensor.TEMPERATURE_SWING, within(1e-9));
  }

  @Test
  void simulated_sensor_noise_stays_within_its_amplitude() throws Exception {
    MutableClock clock = new MutableClock(T0);
    SensorDriver sensor =
        factory.open(
            TestContext.of(Map.of("noise", 0.5, "period", "1m", "temperature", 20), clock));
    for (int i = 0; i < 200; i++) {
      assertThat(value(sensor.read().get(0))).isCloseTo(20.0, within(0.5 + 1e-9));
      clock.advance(Duration.ofMinutes(1)); // same phase every time: only the noise varies
    }
  }

  @Test
  void simulated_sensor_clamps_humidity_to_0_to_100() throws Exception {
    for (List<Reading> sample : readSeries(Map.of("humidity", 99.5, "noise", 10), 50)) {
      assertThat(value(sample.get(1))).isBetween(0.0, 100.0);
    }
  }

  @Test
  void simulated_sensor_fails_every_nth_read_and_recovers() throws Exception {
    SensorDriver sensor =
        factory.open(TestContext.of(Map.of("fail-every", 3), new MutableClock(T0)));

    sensor.read();
    sensor.read();
    assertThatThrownBy(sensor::read)
        .isInstanceOf(DriverException.class)
        .hasMessageContaining("read 3")
        .hasMessageContaining("fail-every: 3");
    assertThat(sensor.read()).hasSize(2);
  }

  @Test
  void simulated_sensor_rejects_out_of_range_and_unknown_keys() {
    assertThatThrownBy(() -> factory.validate(DriverConfig.of(Map.of("temperature", 90))))
        .isInstanceOf(InvalidDriverConfigException.class)
        .hasMessageContaining("temperature 90 is out of range")
        .extracting(e -> ((InvalidDriverConfigException) e).key())
        .isEqualTo("temperature");
    assertThatThrownBy(() -> factory.validate(DriverConfig.of(Map.of("period", "500ms"))))
        .hasMessageContaining("below the minimum 1s");
    assertThatThrownBy(() -> factory.validate(DriverConfig.of(Map.of("fail-every", -1))))
        .hasMessageContaining("fail-every -1 is out of range");
    assertThatThrownBy(() -> factory.validate(DriverConfig.of(Map.of("nosie", 1))))
        .hasMessageContaining("unknown key 'nosie'");
  }
}
