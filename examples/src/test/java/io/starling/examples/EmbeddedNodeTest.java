package io.starling.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.starling.runtime.driver.Sample;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedNodeTest {

  @TempDir Path dir;

  @Test
  void embeds_a_node_and_receives_its_readings_in_order() throws Exception {
    Path profile = dir.resolve("example.yaml");
    Files.writeString(
        profile,
        """
        node: {name: example-1, mesh: examples}
        network: {bind: 127.0.0.1, port: 0}
        sensors:
          - name: air
            driver: simulated
            interval: 100ms
            config: {seed: 3}
        """);
    List<Sample> samples = new CopyOnWriteArrayList<>();

    int code = EmbeddedNode.run(profile, "air", 3, dir.resolve("state"), samples::add);

    assertThat(code).isZero();
    assertThat(samples).hasSizeGreaterThanOrEqualTo(3);
    assertThat(samples.get(0).number()).isEqualTo(1);
    assertThat(EmbeddedNode.format(samples.get(0)))
        .startsWith("example-1/air #1  temperature=")
        .contains(" Cel", "humidity=", " %RH");
    assertThat(dir.resolve("state/example-1/node.key")).exists();
  }
}
