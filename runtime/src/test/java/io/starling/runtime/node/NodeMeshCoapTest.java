package io.starling.runtime.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.starling.runtime.driver.DriverRegistry;
import io.starling.runtime.mesh.Neighbour;
import io.starling.runtime.testing.CoapTestClient;
import io.starling.runtime.testing.FakeSensorFactory;
import io.starling.runtime.testing.FakeSwitchFactory;
import io.starling.runtime.testing.TestProfiles;
import io.starling.runtime.trust.DeviceFiles;
import io.starling.runtime.trust.MeshCa;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Enrolled nodes in-process, finding each other by signed hellos over real CoAP on loopback. */
class NodeMeshCoapTest {

  private static final SecureRandom RANDOM = new SecureRandom();

  @TempDir Path dir;

  private final List<StarlingNode> nodes = new ArrayList<>();

  @AfterEach
  void stop() {
    nodes.forEach(StarlingNode::close);
  }

  private StarlingNode start(MeshCa ca, String name, String mesh) throws Exception {
    Path device = dir.resolve(name);
    DeviceFiles.enroll(ca, device, name, List.of("sensors"), Duration.ofDays(30), RANDOM);
    StarlingNode node =
        StarlingNode.builder(TestProfiles.enrolled(device, name, mesh, Duration.ofSeconds(1)))
            .drivers(
                DriverRegistry.of(
                    List.of(new FakeSensorFactory()), List.of(new FakeSwitchFactory())))
            .build()
            .start();
    nodes.add(node);
    return node;
  }

  private static Optional<Neighbour> seen(StarlingNode by, StarlingNode other) {
    return by.neighbours().stream().filter(n -> n.id().equals(other.id())).findFirst();
  }

  private static boolean up(StarlingNode by, StarlingNode other) {
    return seen(by, other).map(n -> n.state() == Neighbour.State.UP).orElse(false);
  }

  @Test
  void two_enrolled_nodes_become_neighbours_when_one_knows_the_other() throws Exception {
    MeshCa ca = MeshCa.init(dir.resolve("ca"), "test-ca", Duration.ofDays(3650));
    StarlingNode a = start(ca, "node-a", "greenhouse");
    StarlingNode b = start(ca, "node-b", "greenhouse");

    a.addPeer(b.coapAddress()); // b learns a from a's hellos

    await().atMost(Duration.ofSeconds(3)).until(() -> up(a, b) && up(b, a));
    await().atMost(Duration.ofSeconds(3)).until(() -> seen(a, b).orElseThrow().rtt() != null);
    assertThat(seen(a, b).orElseThrow().name()).isEqualTo("node-b");
    assertThat(seen(b, a).orElseThrow().address()).isEqualTo(a.coapAddress());
  }

  @Test
  void serves_its_neighbours_at_mesh_peers() throws Exception {
    MeshCa ca = MeshCa.init(dir.resolve("ca"), "test-ca", Duration.ofDays(3650));
    StarlingNode a = start(ca, "node-a", "greenhouse");
    StarlingNode b = start(ca, "node-b", "greenhouse");
    a.addPeer(b.coapAddress());
    await().atMost(Duration.ofSeconds(3)).until(() -> up(a, b));

    try (CoapTestClient coap = new CoapTestClient()) {
      JsonNode peers =
          new ObjectMapper()
              .readTree(coap.client(a.coapAddress(), "/mesh/peers").get().getPayload());

      assertThat(peers.get("enabled").asBoolean()).isTrue();
      JsonNode peer = peers.get("peers").get(0);
      assertThat(peer.get("id").asText()).isEqualTo(b.id().toString());
      assertThat(peer.get("name").asText()).isEqualTo("node-b");
      assertThat(peer.get("address").asText()).isEqualTo("127.0.0.1:" + b.coapAddress().getPort());
      assertThat(peer.get("state").asText()).isEqualTo("UP");
      assertThat(peer.get("iface").asText()).isEqualTo("lo");
      assertThat(peers.get("rejected").has("CERTIFICATE_OTHER_CA")).isTrue();
    }
  }

  @Test
  void starling_peers_prints_the_neighbours_as_a_table() throws Exception {
    MeshCa ca = MeshCa.init(dir.resolve("ca"), "test-ca", Duration.ofDays(3650));
    StarlingNode a = start(ca, "node-a", "greenhouse");
    StarlingNode b = start(ca, "node-b", "greenhouse");
    a.addPeer(b.coapAddress());
    await().atMost(Duration.ofSeconds(3)).until(() -> up(a, b));
    java.io.StringWriter out = new java.io.StringWriter();
    java.io.StringWriter err = new java.io.StringWriter();

    int code =
        io.starling.runtime.cli.Main.execute(
            new String[] {"peers", "--node", "coap://127.0.0.1:" + a.coapAddress().getPort()},
            new java.io.PrintWriter(out, true),
            new java.io.PrintWriter(err, true));

    assertThat(code).as(err.toString()).isZero();
    assertThat(out.toString())
        .contains("ID", "NAME", "ADDRESS", "INTERFACE", "STATE", "RTT", "LOSS", "LAST SEEN")
        .contains(b.id().toString(), "node-b", "127.0.0.1:" + b.coapAddress().getPort(), "UP");
  }

  @Test
  void a_node_that_leaves_cleanly_is_down_at_once() throws Exception {
    MeshCa ca = MeshCa.init(dir.resolve("ca"), "test-ca", Duration.ofDays(3650));
    StarlingNode a = start(ca, "node-a", "greenhouse");
    StarlingNode b = start(ca, "node-b", "greenhouse");
    a.addPeer(b.coapAddress());
    await().atMost(Duration.ofSeconds(3)).until(() -> up(a, b) && up(b, a));

    b.close();

    // well under deadAfter (1.4 s): the goodbye, not the silence, took it down
    await().atMost(Duration.ofMillis(700)).until(() -> !up(a, b));
  }

  @Test
  void a_node_enrolled_by_another_ca_never_becomes_a_neighbour() throws Exception {
    MeshCa ca = MeshCa.init(dir.resolve("ca"), "test-ca", Duration.ofDays(3650));
    MeshCa other = MeshCa.init(dir.resolve("other-ca"), "other-ca", Duration.ofDays(3650));
    StarlingNode a = start(ca, "node-a", "greenhouse");
    StarlingNode intruder = start(other, "intruder", "greenhouse");

    intruder.addPeer(a.coapAddress());

    await()
        .atMost(Duration.ofSeconds(3))
        .until(() -> a.peers().rejected().getOrDefault("CERTIFICATE_OTHER_CA", 0L) >= 3);
    assertThat(a.neighbours()).isEmpty();
  }

  @Test
  void a_node_that_is_not_enrolled_says_why_it_joins_no_mesh() throws Exception {
    try (StarlingNode plain =
        StarlingNode.builder(TestProfiles.oneSensor(dir, "plain", Duration.ofSeconds(1)))
            .drivers(
                DriverRegistry.of(
                    List.of(new FakeSensorFactory()), List.of(new FakeSwitchFactory())))
            .build()
            .start()) {
      PeersView view = plain.peers();

      assertThat(view.enabled()).isFalse();
      assertThat(view.reason()).contains("not enrolled");
    }
  }
}
