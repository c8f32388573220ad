package io.starling.drivers.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

import io.starling.drivers.testing.MutableClock;
import io.starling.drivers.testing.TestContext;
import io.starling.runtime.driver.spi.DriverException;
import io.starling.runtime.driver.spi.Reading;
import io.starling.runtime.driver.spi.SensorDriver;
import io.starling.runtime.driver.spi.Value;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SystemSensorTest {

  private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");
  private final SystemSensorFactory factory = new SystemSensorFactory();

  @TempDir Path root;

  private void write(String relative, String content) throws IOException {
    Path file = root.resolve(relative);
    Files.createDirectories(file.getParent());
    Files.writeString(file, content);
  }

  private List<Reading> readOnce(Map<String, ?> config) throws DriverException {
    try (SensorDriver sensor = factory.open(TestContext.of(config, new MutableClock(T0)))) {
      return sensor.read();
    }
  }

  private static double value(List<Reading> readings, String name) {
    Reading r = readings.stream().filter(x -> x.name().equals(name)).findFirst().orElseThrow();
    return ((Value.Number) r.value()).value();
  }

  @Test
  void system_sensor_reads_fake_proc_and_sys_in_senml_units() throws Exception {
    write("sys/class/thermal/thermal_zone0/temp", "48312\n");
    write("proc/loadavg", "0.42 0.30 0.25 1/123 4567\n");
    write(
        "proc/meminfo",
        "MemTotal:        4000000 kB\nMemFree:          100000 kB\nMemAvailable:    1000000 kB\n");

    List<Reading> readings = readOnce(Map.of("root", root.toString(), "disk", root.toString()));

    assertThat(readings)
        .extracting(Reading::name, Reading::unit)
        .containsExactly(
            tuple("cpu-temperature", "Cel"),
            tuple("load-1m", null),
            tuple("memory-available", "B"),
            tuple("memory-available-ratio", "/"),
            tuple("disk-free", "B"));
    assertThat(value(readings, "cpu-temperature")).isCloseTo(48.312, within(1e-9));
    assertThat(value(readings, "load-1m")).isEqualTo(0.42);
    assertThat(value(readings, "memory-available")).isEqualTo(1_024_000_000.0);
    assertThat(value(readings, "memory-available-ratio")).isEqualTo(0.25);
    assertThat(value(readings, "disk-free")).isPositive();
    assertThat(readings).allSatisfy(r -> assertThat(r.time()).isEqualTo(T0));
  }

  @Test
  void system_sensor_skips_missing_sources() throws Exception {
    write("proc/loadavg", "1.50 1.00 0.50 2/200 999\n");

    List<Reading> readings = readOnce(Map.of("root", root.toString(), "disk", root.toString()));

    assertThat(readings).extracting(Reading::name).containsExactly("load-1m", "disk-free");
  }

  @Test
  void system_sensor_skips_garbled_sources() throws Exception {
    write("sys/class/thermal/thermal_zone0/temp", "hot\n");
    write("proc/meminfo", "MemTotal: 4000000 kB\n");

    List<Reading> readings = readOnce(Map.of("root", root.toString(), "disk", root.toString()));

    assertThat(readings).extracting(Reading::name).containsExactly("disk-free");
  }

  @Test
  void system_sensor_fails_when_nothing_can_be_read() {
    Map<String, String> config =
        Map.of("root", root.toString(), "disk", root.resolve("no/such/dir").toString());

    assertThatThrownBy(() -> readOnce(config))
        .isInstanceOf(DriverException.class)
        .hasMessageStartingWith("no system source could be read")
        .hasMessageContaining("loadavg: missing");
  }
}
