package io.starling.runtime.transport.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.starling.runtime.driver.DriverRegistry;
import io.starling.runtime.node.StarlingNode;
import io.starling.runtime.testing.FakeSensorFactory;
import io.starling.runtime.testing.FakeSwitchFactory;
import io.starling.runtime.testing.TestProfiles;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one-shot client against a real node on loopback, and against a socket that never answers. */
class CoapRequestsTest {

  @TempDir Path dir;

  private StarlingNode node;
  private String base;

  @BeforeEach
  void start() throws Exception {
    node =
        StarlingNode.builder(TestProfiles.oneSensor(dir, "node-a", Duration.ofSeconds(10)))
            .drivers(
                DriverRegistry.of(
                    List.of(new FakeSensorFactory()), List.of(new FakeSwitchFactory())))
            .build()
            .start();
    InetSocketAddress a = node.coapAddress();
    base = "coap://" + a.getAddress().getHostAddress() + ":" + a.getPort();
  }

  @AfterEach
  void stop() {
    node.close();
  }

  private static Set<Thread> liveThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(Thread::isAlive)
        .collect(Collectors.toSet());
  }

  @Test
  void get_returns_the_code_content_format_and_payload() throws Exception {
    CoapRequests.Response response = CoapRequests.get(URI.create(base + "/mesh/node"), 50);

    assertThat(response.code()).isEqualTo("2.05");
    assertThat(response.isSuccess()).isTrue();
    assertThat(response.contentFormat()).isEqualTo(50);
    JsonNode json = new ObjectMapper().readTree(response.payload());
    assertThat(json.get("id").asText()).isEqualTo(node.id().toString());
  }

  @Test
  void an_error_response_carries_its_diagnostic_payload() throws Exception {
    CoapRequests.Response response =
        CoapRequests.post(
            URI.create(base + "/actuators/fan"), 50, "{}".getBytes(StandardCharsets.UTF_8));

    assertThat(response.code()).isEqualTo("4.01");
    assertThat(response.isSuccess()).isFalse();
    assertThat(response.text()).startsWith("UNSIGNED: ");
  }

  @Test
  void a_missing_resource_is_a_4_04_without_payload() throws Exception {
    CoapRequests.Response response =
        CoapRequests.get(URI.create(base + "/nope"), CoapRequests.NO_ACCEPT);

    assertThat(response.code()).isEqualTo("4.04");
  }

  @Test
  void no_answer_within_the_timeout_names_the_uri_and_the_timeout() throws Exception {
    try (DatagramSocket silent = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
      URI uri = URI.create("coap://127.0.0.1:" + silent.getLocalPort() + "/mesh/node");

      assertThatThrownBy(() -> CoapRequests.get(uri, 50, Duration.ofMillis(200)))
          .isInstanceOf(CoapRequests.NoAnswerException.class)
          .hasMessage("no answer from " + uri + " within 200 ms");
    }
  }

  @Test
  void only_coap_uris_are_accepted() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> CoapRequests.get(URI.create("http://127.0.0.1/x"), 50))
        .withMessageContaining("is not a coap://HOST[:PORT]/PATH URI");
  }

  @Test
  void each_request_releases_its_endpoint_threads() throws Exception {
    CoapRequests.get(URI.create(base + "/mesh/node"), 50); // loads the classes once
    Set<Thread> before = liveThreads();

    for (int i = 0; i < 5; i++) {
      assertThat(CoapRequests.get(URI.create(base + "/mesh/node"), 50).code()).isEqualTo("2.05");
    }

    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () ->
                assertThat(
                        liveThreads().stream()
                            .filter(t -> !before.contains(t))
                            .map(Thread::getName)
                            .filter(name -> !name.startsWith("awaitility"))
                            .toList())
                    .isEmpty());
  }
}
