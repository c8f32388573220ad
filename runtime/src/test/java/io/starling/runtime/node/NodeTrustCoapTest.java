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
import io.starling.runtime.testing.PythonCoseVerifier;
import io.starling.runtime.testing.TestProfiles;
import io.starling.runtime.wire.cose.StarlingEnvelope;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Signed readings and command refusals over real CoAP on loopback. */
class NodeTrustCoapTest {

  @TempDir Path dir;

  private StarlingNode node;
  private CoapTestClient coap;

  @BeforeAll
  static void pythonVerifier() {
    PythonCoseVerifier.ensureInstalled();
  }

  @BeforeEach
  void start() throws Exception {
    node =
        StarlingNode.builder(TestProfiles.oneSensor(dir, "node-s", Duration.ofMillis(100)))
            .drivers(
                DriverRegistry.of(
                    List.of(new FakeSensorFactory()), List.of(new FakeSwitchFactory())))
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

  private byte[] publicKey() {
    return Base64.getUrlDecoder().decode(node.status().publicKey());
  }

  @Test
  void serves_a_reading_signed_by_the_node_that_an_independent_verifier_accepts() throws Exception {
    CoapResponse response = coap.client(node.coapAddress(), "/sensors/air").get(18);

    assertThat(response.getCode()).isEqualTo(ResponseCode.CONTENT);
    assertThat(response.getOptions().getContentFormat()).isEqualTo(18);
    byte[] message = response.getPayload();

    StarlingEnvelope.Opened opened = (StarlingEnvelope.Opened) StarlingEnvelope.open(message);
    assertThat(opened.envelope().kid()).isEqualTo(node.id());
    assertThat(opened.envelope().contentFormat()).isEqualTo(112);
    assertThat(opened.verify(publicKey())).isEqualTo(StarlingEnvelope.Verification.VALID);
    JsonNode senml = new ObjectMapper(new CBORFactory()).readTree(opened.envelope().payload());
    assertThat(senml.get(0).get("-2").asText()).isEqualTo("node-s/air/");

    PythonCoseVerifier.Outcome python = PythonCoseVerifier.verify(dir, message, publicKey());
    assertThat(python.exit()).as(python.output()).isZero();
    assertThat(python.output()).contains("\"valid\": true");
  }

  @Test
  void signs_each_new_sample_with_a_new_sequence_number() throws Exception {
    long first = seqOf(coap.client(node.coapAddress(), "/sensors/air").get(18).getPayload());
    long sample = node.sensor("air").orElseThrow().latest().orElseThrow().number();
    await().until(() -> node.sensor("air").orElseThrow().latest().orElseThrow().number() > sample);

    long second = seqOf(coap.client(node.coapAddress(), "/sensors/air").get(18).getPayload());

    assertThat(second).isGreaterThan(first);
  }

  private static long seqOf(byte[] message) {
    return ((StarlingEnvelope.Opened) StarlingEnvelope.open(message)).envelope().seq();
  }

  @Test
  void refuses_an_unsigned_command_with_401_and_counts_it() throws Exception {
    CoapResponse response =
        coap.client(node.coapAddress(), "/actuators/fan")
            .post("{\"value\":true}", MediaTypeRegistry.APPLICATION_JSON);

    assertThat(response.getCode()).isEqualTo(ResponseCode.UNAUTHORIZED);
    assertThat(response.getResponseText()).startsWith("UNSIGNED: ");
    JsonNode stats =
        new ObjectMapper()
            .readTree(coap.client(node.coapAddress(), "/mesh/stats").get().getPayload());
    assertThat(stats.get("commands").get("rejected").get("UNSIGNED").asLong()).isEqualTo(1);
    assertThat(stats.get("commands").get("accepted").asLong()).isZero();
    assertThat(node.actuator("fan").orElseThrow().state().orElseThrow().value().toString())
        .contains("false");
  }

  @Test
  void lists_the_stats_and_certificate_resources() throws Exception {
    String links = coap.client(node.coapAddress(), "/.well-known/core").get().getResponseText();

    assertThat(links).contains("</mesh/stats>", "</mesh/certificate>");
    assertThat(coap.client(node.coapAddress(), "/mesh/certificate").get().getCode())
        .as("a node that is not enrolled has no certificate")
        .isEqualTo(ResponseCode.NOT_FOUND);
  }
}
