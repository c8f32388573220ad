package io.starling.runtime.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.starling.runtime.cli.Main;
import io.starling.runtime.driver.DriverRegistry;
import io.starling.runtime.testing.CoapTestClient;
import io.starling.runtime.testing.FakeSensorFactory;
import io.starling.runtime.testing.FakeSwitchFactory;
import io.starling.runtime.testing.TestProfiles;
import io.starling.runtime.trust.DeviceFiles;
import io.starling.runtime.trust.MeshCa;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.coap.CoAP;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three enrolled nodes in a chain over real CoAP on loopback (a and c only know b), routing and
 * pinging across the relay, read through the CLI as a user would.
 */
class MeshRoutingCoapTest {

  private static final SecureRandom RANDOM = new SecureRandom();

  @TempDir Path dir;

  private final List<StarlingNode> nodes = new ArrayList<>();
  private StarlingNode a;
  private StarlingNode b;
  private StarlingNode c;

  @BeforeEach
  void chain() throws Exception {
    MeshCa ca = MeshCa.init(dir.resolve("ca"), "test-ca", Duration.ofDays(3650));
    a = start(ca, "node-a");
    b = start(ca, "node-b");
    c = start(ca, "node-c");
    a.addPeer(b.coapAddress());
    c.addPeer(b.coapAddress());
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> a.routes().routes().size() == 2 && c.routes().routes().size() == 2);
  }

  @AfterEach
  void stop() {
    nodes.forEach(StarlingNode::close);
  }

  private StarlingNode start(MeshCa ca, String name) throws Exception {
    Path device = dir.resolve(name);
    DeviceFiles.enroll(ca, device, name, List.of("sensors"), Duration.ofDays(30), RANDOM);
    StarlingNode node =
        StarlingNode.builder(
                TestProfiles.enrolled(device, name, "greenhouse", Duration.ofSeconds(1)))
            .drivers(
                DriverRegistry.of(
                    List.of(new FakeSensorFactory()), List.of(new FakeSwitchFactory())))
            .build()
            .start();
    nodes.add(node);
    return node;
  }

  private String uri(StarlingNode n) {
    return "coap://127.0.0.1:" + n.coapAddress().getPort();
  }

  private static String cli(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
    assertThat(code).as("starling %s: %s%s", String.join(" ", args), out, err).isZero();
    return out.toString();
  }

  @Test
  void the_route_from_a_to_c_goes_through_b_and_starling_routes_shows_it() {
    RoutingView.Entry toC =
        a.routes().routes().stream().filter(r -> r.name().equals("node-c")).findFirst().get();
    assertThat(toC.viaName()).isEqualTo("node-b");
    assertThat(toC.hops()).isEqualTo(2);
    assertThat(toC.path()).containsExactly("node-b", "node-c");

    String table = cli("routes", "--node", uri(a));

    assertThat(table)
        .contains("TO", "VIA", "HOPS", "COST", "PATH")
        .contains("node-a > node-b > node-c")
        .contains(c.id().toString());
  }

  @Test
  void starling_topology_prints_text_json_and_graphviz() throws Exception {
    String text = cli("topology", "--node", uri(a));
    assertThat(text).contains("3 nodes, 2 links").contains("(this node)");

    JsonNode json =
        new ObjectMapper().readTree(cli("topology", "--node", uri(c), "--format", "json"));
    assertThat(json.path("nodes")).hasSize(3);
    assertThat(json.path("links")).hasSize(2);

    String dot = cli("topology", "--node", uri(b), "--format", "dot");
    String ab =
        a.id().compareTo(b.id()) < 0
            ? "\"" + a.id() + "\" -- \"" + b.id() + "\""
            : "\"" + b.id() + "\" -- \"" + a.id() + "\"";
    assertThat(dot)
        .startsWith("graph mesh {")
        .contains(ab, "label=\"node-c\"")
        .endsWith("}" + System.lineSeparator());
  }

  @Test
  void a_ping_crosses_the_relay_signed_end_to_end() throws Exception {
    String out = cli("ping", "--node", uri(a), "node-c", "--count", "3", "--interval", "100");

    assertThat(out).contains("reply from node-c", "via node-b", "hops=2/2", "3 pings, 3 answered");
    try (CoapTestClient coap = new CoapTestClient()) {
      JsonNode stats =
          new ObjectMapper()
              .readTree(coap.client(b.coapAddress(), "/mesh/stats").get().getPayload());
      assertThat(stats.path("forwarding").path("forwarded").asLong()).isGreaterThanOrEqualTo(6);
      assertThat(stats.path("routing").path("adverts").asInt()).isEqualTo(3);
      assertThat(stats.path("routing").path("rejected").path("FORGED").asLong()).isZero();
    }
  }

  @Test
  void starling_cmd_reaches_an_actuator_two_hops_away_and_refuses_an_unauthorised_signer()
      throws Exception {
    MeshCa ca = MeshCa.load(dir.resolve("ca"));
    Path alice = dir.resolve("alice");
    Path bob = dir.resolve("bob");
    DeviceFiles.enroll(ca, alice, "alice", List.of("operators"), Duration.ofDays(30), RANDOM);
    DeviceFiles.enroll(ca, bob, "bob", List.of("viewers"), Duration.ofDays(30), RANDOM);

    String out =
        cli(
            "cmd",
            "--node",
            uri(a),
            "--target",
            "node-c",
            "--identity",
            alice.toString(),
            "fan",
            "on");

    assertThat(out).contains("fan: ", "node-c", c.id().toString());
    assertThat(c.actuator("fan").orElseThrow().state().orElseThrow().value())
        .isEqualTo(io.starling.runtime.driver.spi.Value.of(true));

    StringWriter err = new StringWriter();
    int code =
        Main.execute(
            new String[] {
              "cmd",
              "--node",
              uri(a),
              "--target",
              "node-c",
              "--identity",
              bob.toString(),
              "fan",
              "off"
            },
            new PrintWriter(new StringWriter(), true),
            new PrintWriter(err, true));
    assertThat(code).isEqualTo(1);
    assertThat(err.toString()).contains("4.03", "FORBIDDEN");
    assertThat(c.actuator("fan").orElseThrow().state().orElseThrow().value())
        .isEqualTo(io.starling.runtime.driver.spi.Value.of(true));
  }

  @Test
  void pinging_an_unknown_node_is_a_clear_4_04() throws Exception {
    try (CoapTestClient coap = new CoapTestClient()) {
      CoapResponse r =
          coap.client(a.coapAddress(), "/mesh/ping").post("node-z", MediaTypeRegistry.TEXT_PLAIN);
      assertThat(r.getCode()).isEqualTo(CoAP.ResponseCode.NOT_FOUND);
      assertThat(r.getResponseText()).contains("no node called 'node-z'");
    }
  }
}
