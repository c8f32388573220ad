package io.starling.runtime.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import io.starling.runtime.driver.DriverRegistry;
import io.starling.runtime.testing.CoapTestClient;
import io.starling.runtime.testing.FakeSensorFactory;
import io.starling.runtime.testing.FakeSwitchFactory;
import io.starling.runtime.testing.TestProfiles;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.eclipse.californium.core.CoapClient;
import org.eclipse.californium.core.CoapHandler;
import org.eclipse.californium.core.CoapObserveRelation;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.WebLink;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.LinkFormat;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.eclipse.californium.core.coap.Request;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A node in-process on a loopback port, read by a real Californium client. */
class NodeCoapTest {

  @TempDir Path dir;

  private final FakeSensorFactory sensors = new FakeSensorFactory();
  private StarlingNode node;
  private CoapTestClient coap;

  @BeforeEach
  void start() throws Exception {
    node =
        StarlingNode.builder(TestProfiles.oneSensor(dir, "node-a", Duration.ofMillis(100)))
            .drivers(DriverRegistry.of(List.of(sensors), List.of(new FakeSwitchFactory())))
            .build()
            .start();
    coap = new CoapTestClient();
    await().until(() -> node.sensor("air").orElseThrow().latest().isPresent());
  }

  @AfterEach
  void stop() {
    coap.close();
    node.close();
  }

  private CoapClient client(String path) {
    return coap.client(node.coapAddress(), path);
  }

  @Test
  void lists_every_resource_in_rfc6690_link_format_with_rt_and_ct() throws Exception {
    CoapResponse response = client("/.well-known/core").get();

    assertThat(response.getOptions().getContentFormat())
        .isEqualTo(MediaTypeRegistry.APPLICATION_LINK_FORMAT);
    Map<String, WebLink> links =
        LinkFormat.parse(response.getResponseText()).stream()
            .collect(Collectors.toMap(WebLink::getURI, l -> l));
    assertThat(links).containsKeys("/sensors/air", "/actuators/fan", "/mesh/node");
    WebLink air = links.get("/sensors/air");
    assertThat(air.getAttributes().getResourceTypes()).containsExactly("starling.sensor");
    assertThat(air.getAttributes().getContentTypes()).contains("110", "112");
    assertThat(air.getAttributes().hasObservable()).isTrue();
    assertThat(links.get("/actuators/fan").getAttributes().getResourceTypes())
        .containsExactly("starling.actuator");
    assertThat(links.get("/mesh/node").getAttributes().getContentTypes()).containsExactly("50");
  }

  @Test
  void serves_the_latest_reading_as_senml_json_by_default() throws Exception {
    CoapResponse response = client("/sensors/air").get();

    assertThat(response.getCode()).isEqualTo(ResponseCode.CONTENT);
    assertThat(response.getOptions().getContentFormat()).isEqualTo(110);
    JsonNode pack = new ObjectMapper().readTree(response.getPayload());
    assertThat(pack.get(0).get("bn").asText()).isEqualTo("node-a/air/");
    assertThat(pack.get(0).get("n").asText()).isEqualTo("temperature");
    assertThat(pack.get(0).get("u").asText()).isEqualTo("Cel");
    assertThat(pack.get(0).get("v").asDouble()).isGreaterThanOrEqualTo(20.5);
    assertThat(pack.get(1).get("n").asText()).isEqualTo("humidity");
    assertThat(pack.get(1).get("v").asDouble()).isEqualTo(50);
  }

  @Test
  void serves_senml_cbor_on_accept_112() throws Exception {
    CoapResponse response = client("/sensors/air").get(112);

    assertThat(response.getCode()).isEqualTo(ResponseCode.CONTENT);
    assertThat(response.getOptions().getContentFormat()).isEqualTo(112);
    JsonNode pack = new ObjectMapper(new CBORFactory()).readTree(response.getPayload());
    assertThat(pack.get(0).get("-2").asText()).isEqualTo("node-a/air/");
    assertThat(pack.get(0).get("0").asText()).isEqualTo("temperature");
    assertThat(pack.get(1).get("2").asDouble()).isEqualTo(50);
  }

  @Test
  void observing_a_sensor_delivers_one_notification_per_new_reading() throws Exception {
    List<Double> temperatures = new CopyOnWriteArrayList<>();
    CoapObserveRelation relation =
        client("/sensors/air")
            .observe(
                new CoapHandler() {
                  @Override
                  public void onLoad(CoapResponse response) {
                    try {
                      temperatures.add(
                          new ObjectMapper()
                              .readTree(response.getPayload())
                              .get(0)
                              .get("v")
                              .asDouble());
                    } catch (java.io.IOException e) {
                      throw new IllegalStateException(e);
                    }
                  }

                  @Override
                  public void onError() {}
                });
    try {
      await().atMost(Duration.ofSeconds(5)).until(() -> temperatures.size() >= 4);
      assertThat(temperatures).doesNotHaveDuplicates().isSorted();
    } finally {
      relation.proactiveCancel();
    }
  }

  @Test
  void serves_the_actuator_state_as_senml() throws Exception {
    CoapResponse response = client("/actuators/fan").get();

    assertThat(response.getCode()).isEqualTo(ResponseCode.CONTENT);
    JsonNode pack = new ObjectMapper().readTree(response.getPayload());
    assertThat(pack.get(0).get("bn").asText()).isEqualTo("node-a/fan/");
    assertThat(pack.get(0).get("n").asText()).isEqualTo("state");
    assertThat(pack.get(0).get("vb").asBoolean()).isFalse();
  }

  @Test
  void describes_itself_at_mesh_node() throws Exception {
    CoapResponse response = client("/mesh/node").get();

    JsonNode json = new ObjectMapper().readTree(response.getPayload());
    assertThat(json.get("id").asText()).isEqualTo(node.id().toString());
    assertThat(json.get("name").asText()).isEqualTo("node-a");
    assertThat(json.get("mesh").asText()).isEqualTo("test-mesh");
    assertThat(json.get("version").asText()).isNotBlank().isNotEqualTo("unknown");
    assertThat(json.get("uptimeSeconds").asLong()).isGreaterThanOrEqualTo(0);
    assertThat(json.get("publicKey").asText()).hasSize(43);
    assertThat(json.get("sensors").get(0).get("health").asText()).isEqualTo("HEALTHY");
  }

  @Test
  void answers_404_for_an_unknown_path() throws Exception {
    assertThat(client("/sensors/nope").get().getCode()).isEqualTo(ResponseCode.NOT_FOUND);
  }

  @Test
  void answers_406_for_an_unsupported_accept() throws Exception {
    CoapResponse response = client("/sensors/air").get(MediaTypeRegistry.APPLICATION_XML);

    assertThat(response.getCode()).isEqualTo(ResponseCode.NOT_ACCEPTABLE);
    assertThat(response.getResponseText()).contains("110").contains("112");
  }

  @Test
  void answers_405_for_a_method_a_resource_does_not_support() throws Exception {
    CoapResponse response = client("/sensors/air").advanced(Request.newDelete());

    assertThat(response.getCode()).isEqualTo(ResponseCode.METHOD_NOT_ALLOWED);
  }

  @Test
  void a_failing_driver_answers_503_with_the_reason_and_does_not_stop_the_node() throws Exception {
    sensors.failRead.set(true);
    await().until(() -> !node.sensor("air").orElseThrow().health().isHealthy());

    CoapResponse response = client("/sensors/air").get();

    assertThat(response.getCode()).isEqualTo(ResponseCode.SERVICE_UNAVAILABLE);
    assertThat(response.getResponseText()).contains("bus error").contains("next attempt");
    assertThat(client("/mesh/node").get().getCode()).isEqualTo(ResponseCode.CONTENT);

    sensors.failRead.set(false);
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> client("/sensors/air").get().getCode() == ResponseCode.CONTENT);
  }

  @Test
  void restarting_with_the_same_state_keeps_the_node_id() throws Exception {
    String first = node.id().toString();
    node.close();

    try (StarlingNode again =
        StarlingNode.builder(TestProfiles.oneSensor(dir, "node-a", Duration.ofMillis(100)))
            .drivers(DriverRegistry.of(List.of(sensors), List.of(new FakeSwitchFactory())))
            .build()
            .start()) {
      assertThat(again.id().toString()).isEqualTo(first);
    }
  }

  @Test
  void close_releases_the_port_and_the_node_threads() throws Exception {
    int port = node.coapAddress().getPort();
    node.close();

    Set<String> threads =
        Thread.getAllStackTraces().keySet().stream()
            .filter(Thread::isAlive)
            .map(Thread::getName)
            .filter(n -> n.contains("node-a"))
            .collect(Collectors.toSet());
    assertThat(threads).isEmpty();
    try (java.net.DatagramSocket socket =
        new java.net.DatagramSocket(new java.net.InetSocketAddress("127.0.0.1", port))) {
      assertThat(socket.getLocalPort()).isEqualTo(port);
    }
  }
}
