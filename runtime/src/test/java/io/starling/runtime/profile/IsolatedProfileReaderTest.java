package io.starling.runtime.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.ref.WeakReference;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IsolatedProfileReaderTest {

  @TempDir Path dir;

  private Path write(String yaml) throws Exception {
    Path file = dir.resolve("p.yaml");
    Files.writeString(file, yaml);
    return file;
  }

  @Test
  void reads_the_same_profile_as_the_plain_loader() throws Exception {
    Path file =
        write(
            """
            node: {name: iso-1, mesh: lab}
            sensors:
              - {name: air, driver: simulated, interval: 2s, config: {seed: 4}}
            subscriptions:
              - {filter: "lab/#", log: lab.jsonl}
            automations:
              - name: cool
                when: {topic: lab/+/air, reading: temperature, above: 30}
                then: {node: iso-2, actuator: fan, value: on}
            pubsub: {log_size: 2MiB, log_age: 1h}
            """);

    Profile isolated = new IsolatedProfileReader(TestDrivers.registry(), dir).load(file);
    Profile plain = new ProfileLoader(TestDrivers.registry(), dir).load(file);

    assertThat(isolated).isEqualTo(plain);
    assertThat(isolated.getClass()).isSameAs(Profile.class);
  }

  @Test
  void reports_located_problems_as_the_callers_exception_type() throws Exception {
    Path file = write("node: {name: iso-1, mesh: lab, colour: red}\n");

    assertThatThrownBy(() -> new IsolatedProfileReader(TestDrivers.registry(), dir).load(file))
        .isInstanceOf(InvalidProfileException.class)
        .satisfies(
            e ->
                assertThat(((InvalidProfileException) e).problems().get(0).toString())
                    .startsWith(file + ":1:"));
  }

  @Test
  void leaves_the_parsers_class_loader_collectable() throws Exception {
    Path file = write("node: {name: iso-1, mesh: lab}\n");
    IsolatedProfileReader reader = new IsolatedProfileReader(TestDrivers.registry(), dir);
    reader.load(file);
    WeakReference<ClassLoader> loader = reader.lastLoader();
    assertThat(loader.get()).isNotNull();

    for (int i = 0; i < 50 && loader.get() != null; i++) {
      System.gc();
    }

    assertThat(loader.get()).as("nothing keeps the parser's class loader alive").isNull();
  }
}
