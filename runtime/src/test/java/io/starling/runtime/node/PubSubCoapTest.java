package io.starling.runtime.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.starling.runtime.cli.Main;
import io.starling.runtime.driver.DriverRegistry;
import io.starling.runtime.pubsub.Delivery;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Publish/subscribe between real nodes over CoAP on loopback (a chain a - b - c), through the
 * embedding API and the CLI ({@code starling sub}, {@code starling pub}).
 */
class PubSubCoapTest {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private final List<StarlingNode> nodes = new ArrayList<>();
  private MeshCa ca;
  private StarlingNode a;
  private StarlingNode b;
  private StarlingNode c;

  @BeforeEach
  void chain() throws Exception {
    ca = MeshCa.init(dir.resolve("ca"), "test-ca", Duration.ofDays(3650));
    a = start("node-a");
    b = start("node-b");
    c = start("node-c");
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

  private StarlingNode start(String name) throws Exception {
    Path device = dir.resolve(name);
    DeviceFiles.enroll(ca, device, name, List.of("sensors"), Duration.ofDays(30), RANDOM);
    StarlingNode node =
        StarlingNode.builder(
                TestProfiles.enrolled(device, name, "greenhouse", Duration.ofMillis(300)))
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

  @Test
  void the_api_delivers_sensor_readings_two_hops_away_in_order_and_once() {
    List<Delivery> got = new CopyOnWriteArrayList<>();
    c.subscribe("node-a/#", got::add);

    await().atMost(Duration.ofSeconds(10)).until(() -> got.size() >= 5);

    List<Long> seqs = got.stream().map(Delivery::seq).toList();
    for (int i = 1; i < seqs.size(); i++) {
      assertThat(seqs.get(i)).isEqualTo(seqs.get(i - 1) + 1);
    }
    Delivery d = got.get(0);
    assertThat(d.originName()).isEqualTo("node-a");
    assertThat(d.topic()).isEqualTo("node-a/air");
    assertThat(d.hops()).isEqualTo(2);
    assertThat(d.contentFormat()).isEqualTo(112);
    assertThat(b.stats().pubsub()).containsEntry("delivered", 0L);
  }

  @Test
  void starling_sub_prints_json_lines_and_starling_pub_publishes_a_signed_reading()
      throws Exception {
    Path operator = dir.resolve("alice");
    DeviceFiles.enroll(ca, operator, "alice", List.of("operators"), Duration.ofDays(30), RANDOM);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CompletableFuture<Integer> sub =
        CompletableFuture.supplyAsync(
            () ->
                Main.execute(
                    new String[] {"sub", "--node", uri(c), "greenhouse/#", "--count", "2"},
                    new PrintWriter(out, true),
                    new PrintWriter(err, true)));
    await().atMost(Duration.ofSeconds(5)).until(() -> err.toString().contains("subscribed"));
    // the subscription travels in c's advert: a sends toward c once it has that advert
    await()
        .atMost(Duration.ofSeconds(5))
        .until(
            () ->
                a.topology().nodes().stream()
                    .anyMatch(
                        n ->
                            n.name().equals("node-c")
                                && n.subscriptions().contains("greenhouse/#")));

    for (String v : List.of("21.5", "open")) {
      StringWriter pubOut = new StringWriter();
      StringWriter pubErr = new StringWriter();
      int code =
          Main.execute(
              new String[] {
                "pub",
                "--node",
                uri(a),
                "--identity",
                operator.toString(),
                "--unit",
                "Cel",
                "--name",
                "note",
                "greenhouse/notes",
                v
              },
              new PrintWriter(pubOut, true),
              new PrintWriter(pubErr, true));
      assertThat(code).as(pubErr.toString()).isZero();
    }

    assertThat(sub.get(10, TimeUnit.SECONDS)).as(err.toString()).isZero();
    List<String> lines = out.toString().lines().toList();
    assertThat(lines).hasSize(2);
    JsonNode first = JSON.readTree(lines.get(0));
    assertThat(first.path("topic").asText()).isEqualTo("greenhouse/notes");
    assertThat(first.path("source").asText()).isEqualTo("node-a");
    assertThat(first.path("seq").asLong()).isEqualTo(1);
    assertThat(first.path("hops").asInt()).isEqualTo(2);
    assertThat(first.path("senml").get(0).path("n").asText()).isEqualTo("note");
    assertThat(first.path("senml").get(0).path("v").asDouble()).isEqualTo(21.5);
    assertThat(first.path("senml").get(0).path("u").asText()).isEqualTo("Cel");
    JsonNode second = JSON.readTree(lines.get(1));
    assertThat(second.path("seq").asLong()).isEqualTo(2);
    assertThat(second.path("senml").get(0).path("vs").asText()).isEqualTo("open");
  }

  @Test
  void an_automation_commands_a_fan_elsewhere_when_a_reading_crosses_its_threshold()
      throws Exception {
    Path device = dir.resolve("node-d");
    DeviceFiles.enroll(ca, device, "node-d", List.of("operators"), Duration.ofDays(30), RANDOM);
    var base = TestProfiles.enrolled(device, "node-d", "greenhouse", Duration.ofSeconds(60));
    var rule =
        new io.starling.runtime.profile.AutomationSpec(
            "cool",
            "node-a/#",
            "temperature",
            new io.starling.runtime.profile.AutomationSpec.Condition(20.9, null, null),
            new io.starling.runtime.profile.AutomationSpec.Action(
                "node-b", "fan", io.starling.runtime.driver.spi.Value.of(true)),
            null);
    StarlingNode d =
        StarlingNode.builder(
                new io.starling.runtime.profile.Profile(
                    base.source(),
                    base.node(),
                    base.network(),
                    base.security(),
                    List.of(),
                    List.of(),
                    List.of(),
                    List.of(rule)))
            .drivers(
                DriverRegistry.of(
                    List.of(new FakeSensorFactory()), List.of(new FakeSwitchFactory())))
            .build()
            .start();
    nodes.add(d);
    d.addPeer(c.coapAddress());

    // a's fake sensor reads 20.0, 20.5, 21.0, ...: above 20.9 from its third reading on
    await()
        .atMost(Duration.ofSeconds(15))
        .until(
            () ->
                b.actuator("fan")
                    .orElseThrow()
                    .state()
                    .orElseThrow()
                    .value()
                    .equals(io.starling.runtime.driver.spi.Value.of(true)));
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> d.stats().automations().get("cool").get("applied") == 1L);
    assertThat(d.stats().automations().get("cool")).containsEntry("fired", 1L);
    assertThat(b.stats().commands().accepted()).isEqualTo(1);
  }

  @Test
  void a_publish_request_signed_by_a_stranger_is_refused() throws Exception {
    MeshCa rogue = MeshCa.init(dir.resolve("rogue"), "rogue-ca", Duration.ofDays(3650));
    Path mallory = dir.resolve("mallory");
    DeviceFiles.enroll(
        rogue, mallory, "mallory", List.of("operators"), Duration.ofDays(30), RANDOM);
    StringWriter pubErr = new StringWriter();

    int code =
        Main.execute(
            new String[] {
              "pub", "--node", uri(a), "--identity", mallory.toString(), "greenhouse/notes", "1"
            },
            new PrintWriter(new StringWriter(), true),
            new PrintWriter(pubErr, true));

    assertThat(code).isEqualTo(1);
    assertThat(pubErr.toString()).contains("4.01", "CERTIFICATE_OTHER_CA");
  }
}
