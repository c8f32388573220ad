package io.starling.runtime.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.starling.runtime.profile.TestDrivers;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ProfileCommandTest {

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cli = new CommandLine(new ProfileCommand(TestDrivers.registry()));
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    return cli.execute(args);
  }

  @Test
  void check_prints_one_summary_line_and_exits_0_for_a_valid_profile() {
    String file = "../firmware-config/profiles/simulated.yaml";

    int exit = run("check", file);

    assertThat(exit).isZero();
    assertThat(out.toString())
        .isEqualTo(
            file
                + ": ok (node greenhouse-1, mesh greenhouse, 2 sensors, 1 actuator, 1 subscription)"
                + System.lineSeparator());
    assertThat(err.toString()).isEmpty();
  }

  @Test
  void check_prints_every_problem_and_the_count_on_stderr_and_exits_2(@TempDir Path dir)
      throws IOException {
    Path file = dir.resolve("bad.yaml");
    Files.writeString(
        file,
        """
        node:
          name: n1
          mesh: m
        network:
          port: 70000
        sensors:
          - name: air
            driver: simulated
            interval: 50ms
        """);

    int exit = run("check", file.toString());

    assertThat(exit).isEqualTo(2);
    assertThat(out.toString()).isEmpty();
    assertThat(err.toString().lines())
        .containsExactly(
            file + ":5:9: network.port 70000 is out of range [0, 65535]",
            file + ":9:15: sensors[0].interval 50ms is below the minimum 100ms",
            "2 problems");
  }

  @Test
  void check_reports_an_unreadable_file_in_one_line_and_exits_2(@TempDir Path dir) {
    String file = dir.resolve("missing.yaml").toString();

    int exit = run("check", file);

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString().lines()).containsExactly(file + ": cannot read: no such file");
  }

  @Test
  void check_reports_a_directory_in_one_line_and_exits_2(@TempDir Path dir) {
    int exit = run("check", dir.toString());

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString().lines()).containsExactly(dir + ": cannot read: is a directory");
  }

  @Test
  void check_without_a_file_is_a_usage_error() {
    assertThat(run("check")).isEqualTo(2);
    assertThat(err.toString()).contains("Missing required parameter: 'FILE'");
  }
}
