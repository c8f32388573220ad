package io.starling.dist;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import io.starling.runtime.testing.DebianPackages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * End to end: the packaged {@code starling run} with the shipped simulated profile, read by
 * libcoap's {@code coap-client-notls}, then stopped with Ctrl-C (SIGINT).
 */
class StarlingRunIT {

  private static final Logger LOG = LoggerFactory.getLogger(StarlingRunIT.class);

  @TempDir Path work;

  @BeforeAll
  static void libcoap() {
    DebianPackages.ensureCommand("coap-client-notls", "libcoap3-bin");
  }

  private static Path shippedProfile(String name) {
    return Path.of(System.getProperty("starling.root"), "firmware-config", "profiles", name);
  }

  @Test
  void serves_the_simulated_profile_to_libcoap_and_stops_cleanly_on_sigint() throws Exception {
    try (StarlingProcess node =
        StarlingProcess.start(
            work, "run", "--profile", shippedProfile("simulated.yaml").toString(), "--port", "0")) {
      Matcher ready = node.awaitReady(Duration.ofSeconds(30));
      long readyMillis = (System.nanoTime() - node.startedNanos) / 1_000_000;
      LOG.info("ready line after {} ms (JVM start to ready)", readyMillis);
      assertThat(ready.group(2)).isEqualTo("greenhouse-1");
      String base = "coap://127.0.0.1:" + ready.group(5);

      CoapClientNotls.Result wellKnown = CoapClientNotls.get(base + "/.well-known/core", null);
      assertThat(wellKnown.text())
          .contains("</sensors/air>", "</sensors/soil>", "</actuators/fan>", "</mesh/node>")
          .contains("rt=\"starling.sensor\"")
          .contains("ct=\"110 112\"");

      CoapClientNotls.Result json = CoapClientNotls.get(base + "/sensors/air", null);
      JsonNode pack = new ObjectMapper().readTree(json.stdout());
      assertThat(pack.get(0).get("bn").asText()).isEqualTo("greenhouse-1/air/");
      assertThat(pack.get(0).get("n").asText()).isEqualTo("temperature");
      assertThat(pack.get(0).get("u").asText()).isEqualTo("Cel");
      assertThat(pack.get(0).get("v").asDouble()).isBetween(10.0, 35.0);
      assertThat(pack.get(1).get("u").asText()).isEqualTo("%RH");

      CoapClientNotls.Result cbor = CoapClientNotls.get(base + "/sensors/air", 112);
      JsonNode cborPack = new ObjectMapper(new CBORFactory()).readTree(cbor.stdout());
      assertThat(cborPack.get(0).get("-2").asText()).isEqualTo("greenhouse-1/air/");
      assertThat(cborPack.get(0).get("0").asText()).isEqualTo("temperature");

      CoapClientNotls.Result node406 = CoapClientNotls.get(base + "/sensors/air", 41);
      assertThat(node406.text() + node406.stderr()).contains("4.06");
      CoapClientNotls.Result missing = CoapClientNotls.get(base + "/sensors/nope", null);
      assertThat(missing.text() + missing.stderr()).contains("4.04");

      JsonNode status =
          new ObjectMapper().readTree(CoapClientNotls.get(base + "/mesh/node", null).stdout());
      assertThat(status.get("id").asText()).isEqualTo(ready.group(1));

      assertThat(node.threads()).as("live threads of an idle node").isLessThanOrEqualTo(20);

      long stopAsked = System.nanoTime();
      node.signal("INT");
      int exit = node.awaitExit(Duration.ofSeconds(10));
      long stopMillis = (System.nanoTime() - stopAsked) / 1_000_000;
      LOG.info("stopped {} ms after SIGINT", stopMillis);
      assertThat(exit).as("exit code after SIGINT; stderr:%n%s", node.stderr()).isZero();
      assertThat(stopMillis).as("stop within 3 s").isLessThan(3_000);
      assertThat(node.stderr()).contains("stopped").doesNotContain("Exception");
    }
    assertThat(work.resolve("Californium3.properties")).doesNotExist();
    assertThat(Files.list(work).map(p -> p.getFileName().toString()))
        .containsExactlyInAnyOrder("state", "stderr.log");
  }

  @Test
  void keeps_its_node_id_across_restarts() throws Exception {
    String first;
    try (StarlingProcess node =
        StarlingProcess.start(
            work, "run", "--profile", shippedProfile("minimal.yaml").toString(), "--port", "0")) {
      first = node.awaitReady(Duration.ofSeconds(30)).group(1);
      node.signal("TERM");
      assertThat(node.awaitExit(Duration.ofSeconds(10))).isZero();
    }
    Path key = work.resolve("state/starling/demo-1/node.key");
    assertThat(key).exists();
    assertThat(
            java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(key)))
        .isEqualTo("rw-------");
    try (StarlingProcess node =
        StarlingProcess.start(
            work, "run", "--profile", shippedProfile("minimal.yaml").toString(), "--port", "0")) {
      assertThat(node.awaitReady(Duration.ofSeconds(30)).group(1)).isEqualTo(first);
      node.signal("TERM");
      assertThat(node.awaitExit(Duration.ofSeconds(10))).isZero();
    }
  }

  @Test
  void profile_check_reports_three_located_mistakes_and_exits_2() throws Exception {
    Path profile = work.resolve("broken.yaml");
    Files.writeString(
        profile,
        """
        node:
          name: shed-1
          mesh: garden
        network:
          port: 70000
        sensors:
          - name: air
            driver: simulatd
            intervall: 2s
        """);
    try (StarlingProcess check =
        StarlingProcess.start(work, "profile", "check", profile.toString())) {
      assertThat(check.awaitExit(Duration.ofSeconds(30))).isEqualTo(2);
      String err = check.stderr();
      assertThat(err).contains(profile + ":5:9: ");
      assertThat(err).contains(profile + ":8:13: ").contains("did you mean 'simulated'");
      assertThat(err).contains(profile + ":9:5: ").contains("did you mean 'interval'");
      assertThat(err).contains("3 problems").doesNotContain("Exception");
    }
  }
}
