package io.starling.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GreenhouseControllerTest {

  @TempDir Path dir;

  @Test
  void the_controller_receives_signed_readings_and_switches_the_fan_on() throws Exception {
    List<String> lines = new CopyOnWriteArrayList<>();

    // The simulated air is around 21 Cel: a threshold of 0 fires on the first reading.
    int code = GreenhouseController.run(dir, 5, 0.0, lines::add);

    assertThat(code).as(String.join("\n", lines)).isZero();
    // the first reading after the subscription reached the greenhouse, then every one in order
    assertThat(lines.get(0))
        .matches("greenhouse/air #\\d+ from greenhouse \\(1 hop\\): [0-9.]+ Cel");
    assertThat(lines).contains("above 0.0 Cel: switching the greenhouse fan on");
    assertThat(lines).anyMatch(l -> l.startsWith("fan: CHANGED"));
  }
}
