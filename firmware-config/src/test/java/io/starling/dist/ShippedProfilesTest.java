package io.starling.dist;

import static org.assertj.core.api.Assertions.assertThat;

import io.starling.runtime.cli.Main;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every profile we ship passes {@code starling profile check} with the real built-in drivers. */
class ShippedProfilesTest {

  static List<Path> shippedProfiles() throws IOException {
    Path dir = Path.of(System.getProperty("starling.root", ".."), "firmware-config", "profiles");
    try (Stream<Path> files = Files.list(dir)) {
      List<Path> profiles = files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
      assertThat(profiles).hasSizeGreaterThanOrEqualTo(3);
      return profiles;
    }
  }

  @ParameterizedTest
  @MethodSource("shippedProfiles")
  void passes_profile_check_with_the_real_drivers(Path profile) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();

    int code =
        Main.execute(
            new String[] {"profile", "check", profile.toString()},
            new PrintWriter(out, true),
            new PrintWriter(err, true));

    assertThat(code).as("exit code; stderr:%n%s", err).isZero();
    assertThat(out.toString()).startsWith(profile + ": ok (");
  }
}
