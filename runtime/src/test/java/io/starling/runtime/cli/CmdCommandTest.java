package io.starling.runtime.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.starling.runtime.command.CommandMessage;
import io.starling.runtime.driver.DriverRegistry;
import io.starling.runtime.driver.spi.DriverConfig;
import io.starling.runtime.driver.spi.Value;
import io.starling.runtime.node.NodeStats;
import io.starling.runtime.node.StarlingNode;
import io.starling.runtime.profile.ActuatorSpec;
import io.starling.runtime.profile.NetworkSettings;
import io.starling.runtime.profile.NodeSettings;
import io.starling.runtime.profile.Profile;
import io.starling.runtime.profile.SecuritySettings;
import io.starling.runtime.testing.FakeSwitchFactory;
import io.starling.runtime.transport.internal.CoapRequests;
import io.starling.runtime.trust.DeviceFiles;
import io.starling.runtime.trust.MeshCa;
import io.starling.runtime.wire.cose.StarlingEnvelope;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code starling cmd} in-process against a real node on loopback, with a real mesh CA and enrolled
 * identities: alice (operators) may switch the fan, bob (viewers) may not.
 */
class CmdCommandTest {

  @TempDir Path dir;

  private Path ca;
  private Path nodeDir;
  private Path alice;
  private Path bob;
  private StarlingNode node;
  private String uri;
  private StringWriter out = new StringWriter();
  private StringWriter err = new StringWriter();

  @BeforeEach
  void start() throws Exception {
    ca = dir.resolve("ca");
    nodeDir = dir.resolve("node");
    alice = dir.resolve("alice");
    bob = dir.resolve("bob");
    MeshCa mesh = MeshCa.init(ca, "test-ca", Duration.ofDays(30));
    SecureRandom random = new SecureRandom();
    DeviceFiles.enroll(mesh, nodeDir, "node-a", List.of("sensors"), Duration.ofDays(1), random);
    DeviceFiles.enroll(mesh, alice, "alice", List.of("operators"), Duration.ofDays(1), random);
    DeviceFiles.enroll(mesh, bob, "bob", List.of("viewers"), Duration.ofDays(1), random);
    Profile profile =
        new Profile(
            nodeDir.resolve("profile.yaml"),
            new NodeSettings("node-a", "test-mesh", nodeDir.resolve("state")),
            new NetworkSettings("127.0.0.1", 0, List.of(), List.of(), false),
            new SecuritySettings(
                nodeDir.resolve(DeviceFiles.NODE_KEY),
                nodeDir.resolve(DeviceFiles.NODE_CERT),
                nodeDir.resolve(DeviceFiles.CA_CERT),
                List.of(),
                null),
            List.of(),
            List.of(
                new ActuatorSpec("fan", "fake-switch", DriverConfig.empty(), List.of("operators"))),
            List.of());
    node =
        StarlingNode.builder(profile)
            .drivers(DriverRegistry.of(List.of(), List.of(new FakeSwitchFactory())))
            .build()
            .start();
    InetSocketAddress a = node.coapAddress();
    uri = "coap://" + a.getAddress().getHostAddress() + ":" + a.getPort();
  }

  @AfterEach
  void stop() {
    node.close();
  }

  private int run(String... args) {
    return run(CommandLine.defaultFactory(), args);
  }

  private int run(CommandLine.IFactory factory, String... args) {
    out = new StringWriter();
    err = new StringWriter();
    return Main.execute(args, new PrintWriter(out), new PrintWriter(err), factory);
  }

  /** A factory whose {@code cmd} goes through {@code transport}. */
  private static CommandLine.IFactory with(CmdCommand.Transport transport) {
    return new CommandLine.IFactory() {
      @Override
      public <K> K create(Class<K> cls) throws Exception {
        if (cls == CmdCommand.class) {
          return cls.cast(new CmdCommand(transport, new SecureRandom(), Clock.systemUTC()));
        }
        return CommandLine.defaultFactory().create(cls);
      }
    };
  }

  private Value fan() {
    return node.actuator("fan").orElseThrow().state().orElseThrow().value();
  }

  private void assertNoKeyMaterialPrinted() throws IOException {
    for (Path key :
        List.of(
            ca.resolve(MeshCa.KEY_FILE),
            nodeDir.resolve(DeviceFiles.NODE_KEY),
            alice.resolve(DeviceFiles.NODE_KEY),
            bob.resolve(DeviceFiles.NODE_KEY))) {
      String body = Files.readString(key).replaceAll("-----[A-Z ]+-----", "").strip();
      assertThat(body).isNotEmpty();
      assertThat(out.toString()).doesNotContain(body);
      assertThat(err.toString()).doesNotContain(body);
    }
  }

  @Test
  void an_operator_switches_the_fan_on_and_sees_its_new_state() throws Exception {
    int exit = run("cmd", "--node", uri, "--identity", alice.toString(), "fan", "on");

    assertThat(exit).as(err.toString()).isZero();
    assertThat(err.toString()).isEmpty();
    assertThat(out.toString().strip())
        .matches("fan: true \\(node node-a " + node.id() + ", command [A-Za-z0-9_-]{22}\\)");
    assertThat(fan()).isEqualTo(Value.of(true));
    assertThat(node.stats().commands().accepted()).isEqualTo(1);
    assertNoKeyMaterialPrinted();
  }

  @Test
  void sequence_numbers_continue_across_runs_so_the_node_accepts_every_command() throws Exception {
    assertThat(run("cmd", "--node", uri, "--identity", alice.toString(), "fan", "on")).isZero();
    assertThat(run("cmd", "--node", uri, "--identity", alice.toString(), "fan", "off")).isZero();
    assertThat(run("cmd", "--node", uri, "--identity", alice.toString(), "fan", "true")).isZero();

    assertThat(fan()).isEqualTo(Value.of(true));
    assertThat(node.stats().commands().accepted()).isEqualTo(3);
    assertThat(Files.readString(alice.resolve("sequence")).strip()).isNotEqualTo("0");
  }

  @Test
  void a_viewer_is_forbidden_with_the_nodes_reason_and_the_fan_is_unchanged() throws Exception {
    int exit = run("cmd", "--node", uri, "--identity", bob.toString(), "fan", "on");

    assertThat(exit).isEqualTo(1);
    assertThat(out.toString()).isEmpty();
    assertThat(err.toString().strip())
        .isEqualTo("starling cmd: 4.03 FORBIDDEN: bob (groups [viewers]) is not in [operators]");
    assertThat(fan()).isEqualTo(Value.of(false));
    assertNoKeyMaterialPrinted();
  }

  @Test
  void a_value_the_actuator_rejects_is_a_4_00_with_the_drivers_reason() {
    int exit = run("cmd", "--node", uri, "--identity", alice.toString(), "fan", "42");

    assertThat(exit).isEqualTo(1);
    assertThat(err.toString())
        .startsWith("starling cmd: 4.00 INVALID_VALUE: ")
        .contains("a switch takes true or false");
    assertThat(fan()).isEqualTo(Value.of(false));
  }

  @Test
  void an_unknown_actuator_is_a_4_04() {
    int exit = run("cmd", "--node", uri, "--identity", alice.toString(), "heater", "on");

    assertThat(exit).isEqualTo(1);
    assertThat(err.toString().strip()).isEqualTo("starling cmd: 4.04 Not Found");
  }

  @Test
  void a_missing_identity_directory_exits_2_before_sending_anything() {
    Path missing = dir.resolve("nobody");

    int exit = run("cmd", "--node", uri, "--identity", missing.toString(), "fan", "on");

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString()).contains(missing + ": no such identity directory");
    assertThat(node.stats().commands().rejected().values()).containsOnly(0L);
  }

  @Test
  void an_identity_without_a_certificate_exits_2() throws Exception {
    Files.delete(alice.resolve(DeviceFiles.NODE_CERT));

    int exit = run("cmd", "--node", uri, "--identity", alice.toString(), "fan", "on");

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString()).contains(alice.resolve("node.crt") + ": no certificate here");
  }

  @Test
  void a_key_that_is_not_the_certificates_exits_2() throws Exception {
    Files.copy(
        bob.resolve(DeviceFiles.NODE_CERT),
        alice.resolve(DeviceFiles.NODE_CERT),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);

    int exit = run("cmd", "--node", uri, "--identity", alice.toString(), "fan", "on");

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString()).contains("the certificate is for ");
  }

  @Test
  void bad_usage_exits_2() {
    String id = alice.toString();
    assertThat(run("cmd", "--node", "http://x", "--identity", id, "fan", "on")).isEqualTo(2);
    assertThat(err.toString()).contains("is not of the form coap://HOST:PORT");
    assertThat(run("cmd", "--node", uri, "--identity", id, "--timeout", "soon", "fan", "on"))
        .isEqualTo(2);
    assertThat(run("cmd", "--node", uri, "--identity", id, "--id", "short", "fan", "on"))
        .isEqualTo(2);
    assertThat(err.toString()).contains("--id: command id 'short'");
    assertThat(run("cmd", "--node", uri, "--identity", id, "Fan!", "on")).isEqualTo(2);
    assertThat(run("cmd", "--node", uri, "fan", "on")).isEqualTo(2);
  }

  @Test
  void a_lost_answer_is_retried_with_the_same_id_and_the_command_is_applied_once()
      throws Exception {
    AtomicInteger posts = new AtomicInteger();
    List<byte[]> sent = new ArrayList<>();
    CmdCommand.Transport losesFirstAnswer =
        new CmdCommand.Transport() {
          @Override
          public CoapRequests.Response get(URI u, int accept, Duration timeout) throws IOException {
            return CoapRequests.get(u, accept, timeout);
          }

          @Override
          public CoapRequests.Response post(URI u, int cf, byte[] body, Duration timeout)
              throws IOException {
            sent.add(body);
            CoapRequests.Response response = CoapRequests.post(u, cf, body, timeout);
            if (posts.incrementAndGet() == 1) {
              throw new CoapRequests.NoAnswerException("no answer from " + u + " within 5 s");
            }
            return response;
          }
        };

    int exit =
        run(
            with(losesFirstAnswer),
            "cmd",
            "--node",
            uri,
            "--identity",
            alice.toString(),
            "fan",
            "on");

    assertThat(exit).as(err.toString()).isZero();
    assertThat(err.toString()).contains("sending again (2 of 3) with the same command id");
    assertThat(out.toString()).startsWith("fan: true (node node-a ");
    NodeStats.Commands stats = node.stats().commands();
    assertThat(stats.accepted()).isEqualTo(1);
    assertThat(stats.duplicates()).isEqualTo(1);
    assertThat(sent).hasSize(2);
    StarlingEnvelope first = open(sent.get(0));
    StarlingEnvelope second = open(sent.get(1));
    assertThat(second.seq()).isGreaterThan(first.seq());
    assertThat(CommandMessage.parse(second.payload()).id())
        .isEqualTo(CommandMessage.parse(first.payload()).id());
  }

  @Test
  void no_answer_at_all_gives_up_after_three_envelopes_and_says_how_to_resend() {
    List<byte[]> sent = new ArrayList<>();
    String nodeJson = "{\"id\":\"" + node.id() + "\",\"name\":\"node-a\"}";
    CmdCommand.Transport silent =
        new CmdCommand.Transport() {
          @Override
          public CoapRequests.Response get(URI u, int accept, Duration timeout) {
            return new CoapRequests.Response("2.05", 50, nodeJson.getBytes(StandardCharsets.UTF_8));
          }

          @Override
          public CoapRequests.Response post(URI u, int cf, byte[] body, Duration timeout)
              throws IOException {
            sent.add(body);
            throw new CoapRequests.NoAnswerException("no answer from " + u + " within 5 s");
          }
        };

    int exit = run(with(silent), "cmd", "--node", uri, "--identity", alice.toString(), "fan", "on");

    assertThat(exit).isEqualTo(1);
    assertThat(sent).hasSize(3);
    List<StarlingEnvelope> envelopes = sent.stream().map(CmdCommandTest::open).toList();
    assertThat(envelopes.stream().map(StarlingEnvelope::seq).toList()).isSorted();
    assertThat(envelopes.stream().map(StarlingEnvelope::seq).distinct()).hasSize(3);
    String id = CommandMessage.parse(envelopes.get(0).payload()).id();
    assertThat(envelopes)
        .allSatisfy(e -> assertThat(CommandMessage.parse(e.payload()).id()).isEqualTo(id));
    assertThat(err.toString().lines().toList().get(2))
        .isEqualTo(
            "starling cmd: no answer from "
                + uri
                + "/actuators/fan within 5 s (3 attempts); command "
                + id
                + " may or may not have been applied: check the actuator, or resend with --id "
                + id
                + " to apply it at most once");

    // Resending with --id applies it (once): the node never saw the lost envelopes.
    assertThat(run("cmd", "--node", uri, "--identity", alice.toString(), "--id", id, "fan", "on"))
        .isZero();
    assertThat(out.toString()).contains("command " + id + ")");
    assertThat(fan()).isEqualTo(Value.of(true));
  }

  @Test
  void a_node_that_never_answers_times_out_with_a_clear_message() throws Exception {
    try (DatagramSocket silent = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
      String target = "coap://127.0.0.1:" + silent.getLocalPort();

      int exit =
          run(
              "cmd",
              "--node",
              target,
              "--identity",
              alice.toString(),
              "--timeout",
              "300ms",
              "--retries",
              "0",
              "fan",
              "on");

      assertThat(exit).isEqualTo(1);
      assertThat(err.toString().strip())
          .isEqualTo("starling cmd: no answer from " + target + "/mesh/node within 300 ms");
    }
  }

  @Test
  void node_uris_default_the_port_and_take_an_unspecified_address_as_this_host() throws Exception {
    assertThat(CmdCommand.nodeUri("coap://pi.local").toString()).isEqualTo("coap://pi.local:5683/");
    assertThat(CmdCommand.nodeUri("coap://[::]:5700").toString()).isEqualTo("coap://[::1]:5700/");
    assertThat(CmdCommand.nodeUri("coap://0.0.0.0:5700/").toString())
        .isEqualTo("coap://127.0.0.1:5700/");
  }

  @Test
  void values_are_booleans_numbers_or_strings() {
    assertThat(CmdCommand.parseValue("on")).isEqualTo(Value.of(true));
    assertThat(CmdCommand.parseValue("OFF")).isEqualTo(Value.of(false));
    assertThat(CmdCommand.parseValue("true")).isEqualTo(Value.of(true));
    assertThat(CmdCommand.parseValue("false")).isEqualTo(Value.of(false));
    assertThat(CmdCommand.parseValue("42")).isEqualTo(Value.of(42.0));
    assertThat(CmdCommand.parseValue("-0.5")).isEqualTo(Value.of(-0.5));
    assertThat(CmdCommand.parseValue("1e3")).isEqualTo(Value.of(1000.0));
    assertThat(CmdCommand.parseValue("NaN")).isEqualTo(Value.of("NaN"));
    assertThat(CmdCommand.parseValue("0x10")).isEqualTo(Value.of("0x10"));
    assertThat(CmdCommand.parseValue("eco")).isEqualTo(Value.of("eco"));
  }

  @Test
  void random_ids_are_22_characters_of_base64url() {
    String id = CmdCommand.randomId(new SecureRandom());
    assertThat(id).matches("[A-Za-z0-9_-]{22}");
    assertThat(CmdCommand.randomId(new SecureRandom())).isNotEqualTo(id);
  }

  private static StarlingEnvelope open(byte[] message) {
    return ((StarlingEnvelope.Opened) StarlingEnvelope.open(message)).envelope();
  }
}
