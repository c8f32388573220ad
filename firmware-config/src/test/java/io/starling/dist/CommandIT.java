package io.starling.dist;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.starling.runtime.testing.DebianPackages;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end with the packaged CLI: a mesh CA, a node and two operators enrolled with {@code
 * starling enroll}, the node run with {@code starling run}, and commands sent with {@code starling
 * cmd}: alice (operators) may switch the fan, bob (viewers) may not, and libcoap's unsigned POST is
 * refused. No output of any process shows a private key.
 */
class CommandIT {

  @TempDir Path work;

  /** Everything every process printed, to search for key material at the end. */
  private final List<String> printed = new ArrayList<>();

  @BeforeAll
  static void libcoap() {
    DebianPackages.ensureCommand("coap-client-notls", "libcoap3-bin");
  }

  /** What a one-shot CLI run printed. */
  record Run(int exit, String stdout, String stderr) {}

  /** Runs {@code starling ARGS} to completion, as its own JVM from target/dist. */
  private Run starling(String... args) throws IOException, InterruptedException {
    Path dist = Path.of(System.getProperty("starling.dist"));
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> command =
        new ArrayList<>(
            List.of(
                java,
                "-Xmx32m",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-XX:-UsePerfData",
                "-cp",
                dist.resolve("lib").toAbsolutePath() + "/*",
                "io.starling.runtime.cli.Main"));
    command.addAll(List.of(args));
    Path dir = Files.createTempDirectory(work, "cli-");
    Path out = dir.resolve("stdout.log");
    Path err = dir.resolve("stderr.log");
    Process p =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("starling " + String.join(" ", args) + " did not finish");
    }
    Run run = new Run(p.exitValue(), Files.readString(out), Files.readString(err));
    printed.add(run.stdout());
    printed.add(run.stderr());
    assertThat(dir.resolve("Californium3.properties")).doesNotExist();
    return run;
  }

  /** {@code coap-client-notls -m post -e PAYLOAD uri}: no content format, no signature. */
  private static CoapClientNotls.Result unsignedPost(String uri, String payload)
      throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder("coap-client-notls", "-m", "post", "-B", "5", "-e", payload, uri)
            .start();
    byte[] out = p.getInputStream().readAllBytes();
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(10, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException("coap-client-notls did not finish");
    }
    return new CoapClientNotls.Result(p.exitValue(), out, err);
  }

  private static boolean fanIsOn(String base) throws Exception {
    CoapClientNotls.Result state = CoapClientNotls.get(base + "/actuators/fan", null);
    JsonNode pack = new ObjectMapper().readTree(state.stdout());
    assertThat(pack.get(0).get("n").asText()).isEqualTo("state");
    return pack.get(0).get("vb").asBoolean();
  }

  private void enroll(Path ca, String name, String groups, Path out) throws Exception {
    Run run =
        starling(
            "enroll",
            "--ca",
            ca.toString(),
            "--name",
            name,
            "--groups",
            groups,
            "--out",
            out.toString());
    assertThat(run.exit()).as(run.stderr()).isZero();
  }

  private Path profile(Path nodeDir) throws IOException {
    Path profile = work.resolve("greenhouse.yaml");
    Files.writeString(
        profile,
        """
        node:
          name: greenhouse-1
          mesh: greenhouse
          data: %s
        network:
          bind: 127.0.0.1
          port: 5683
          discovery: false    # this test runs in the host's namespace: no multicast out
        security:
          key: %s
          certificate: %s
          trust: %s
        sensors:
          - name: air
            driver: simulated
            interval: 2s
        actuators:
          - name: fan
            driver: simulated
            config: {mode: switch}
            allow: [operators]
        """
            .formatted(
                work.resolve("node-state"),
                nodeDir.resolve("node.key"),
                nodeDir.resolve("node.crt"),
                nodeDir.resolve("ca.crt")));
    return profile;
  }

  @Test
  void an_operator_commands_a_running_node_a_viewer_and_an_unsigned_client_cannot()
      throws Exception {
    Path ca = work.resolve("ca");
    Path nodeDir = work.resolve("node");
    Path alice = work.resolve("alice");
    Path bob = work.resolve("bob");
    Run init = starling("ca", "init", "--out", ca.toString(), "--name", "greenhouse-ca");
    assertThat(init.exit()).as(init.stderr()).isZero();
    enroll(ca, "greenhouse-1", "sensors", nodeDir);
    enroll(ca, "alice", "operators", alice);
    enroll(ca, "bob", "viewers", bob);
    Path profile = profile(nodeDir);
    Files.createDirectories(work.resolve("run"));

    try (StarlingProcess node =
        StarlingProcess.start(
            work.resolve("run"), "run", "--profile", profile.toString(), "--port", "0")) {
      Matcher ready = node.awaitReady(Duration.ofSeconds(30));
      printed.add(ready.group());
      String id = ready.group(1);
      String base = "coap://127.0.0.1:" + ready.group(5);
      assertThat(fanIsOn(base)).isFalse();

      Run on = starling("cmd", "--node", base, "--identity", alice.toString(), "fan", "on");
      assertThat(on.exit()).as(on.stderr()).isZero();
      assertThat(on.stdout().strip())
          .matches("fan: true \\(node greenhouse-1 " + id + ", command [A-Za-z0-9_-]{22}\\)");
      assertThat(fanIsOn(base)).isTrue();

      Run forbidden = starling("cmd", "--node", base, "--identity", bob.toString(), "fan", "off");
      assertThat(forbidden.exit()).isEqualTo(1);
      assertThat(forbidden.stdout()).isEmpty();
      assertThat(forbidden.stderr().strip())
          .isEqualTo("starling cmd: 4.03 FORBIDDEN: bob (groups [viewers]) is not in [operators]");
      assertThat(fanIsOn(base)).isTrue();

      CoapClientNotls.Result unsigned = unsignedPost(base + "/actuators/fan", "{\"value\":false}");
      printed.add(unsigned.text());
      printed.add(unsigned.stderr());
      assertThat(unsigned.text() + unsigned.stderr()).contains("4.01").contains("UNSIGNED");
      assertThat(fanIsOn(base)).isTrue();

      Run off = starling("cmd", "--node", base, "--identity", alice.toString(), "fan", "off");
      assertThat(off.exit()).as(off.stderr()).isZero();
      assertThat(fanIsOn(base)).isFalse();

      node.signal("TERM");
      assertThat(node.awaitExit(Duration.ofSeconds(10)))
          .as("exit after SIGTERM; stderr:%n%s", node.stderr())
          .isZero();
      String stderr = node.stderr();
      printed.add(stderr);
      assertThat(stderr).contains("by alice").doesNotContain("Exception");
    }

    for (Path key :
        List.of(
            ca.resolve("ca.key"),
            nodeDir.resolve("node.key"),
            alice.resolve("node.key"),
            bob.resolve("node.key"))) {
      String body = Files.readString(key).replaceAll("-----[A-Z ]+-----", "").strip();
      assertThat(body).isNotEmpty();
      for (String output : printed) {
        assertThat(output).as("output of a process").doesNotContain(body);
        for (String line : body.lines().toList()) {
          assertThat(output).doesNotContain(line);
        }
      }
    }
    assertThat(String.join("\n", printed)).doesNotContain("PRIVATE KEY");
  }
}
