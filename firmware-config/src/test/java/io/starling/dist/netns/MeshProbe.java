package io.starling.dist.netns;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.starling.runtime.cli.Main;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;

/** What the mesh scenarios share: the lab check, the CLI in-process, and asking nodes for peers. */
final class MeshProbe {

  private static final ObjectMapper JSON = new ObjectMapper();

  private MeshProbe() {}

  /** Skips the test unless it runs inside the namespace lab. */
  static void requireLab() {
    Assumptions.assumeTrue(
        "1".equals(System.getenv("STARLING_NETNS_LAB")),
        "network namespaces unavailable: " + System.getenv("STARLING_NETNS_REASON"));
    HostPackages.ensureCommand("coap-client-notls", "libcoap3-bin");
  }

  /** Runs a {@code starling} command in-process (ca init, enroll) and requires exit 0. */
  static void cli(String... args) {
    StringWriter err = new StringWriter();
    int code =
        Main.execute(args, new PrintWriter(new StringWriter(), true), new PrintWriter(err, true));
    assertThat(code).as("starling %s: %s", String.join(" ", args), err).isZero();
  }

  /** A JSON resource of the node on {@code host}, asked from that host by libcoap. */
  static JsonNode get(Host host, Link link, String path) {
    CommandResult r =
        host.exec(
            "coap-client-notls", "-m", "get", "-B", "2", "coap://" + host.address(link) + path);
    try {
      return JSON.readTree(r.output());
    } catch (IOException e) {
      throw new AssertionError(host + ": " + path + " is not JSON: " + r.output(), e);
    }
  }

  /** {@code /mesh/peers} of the node on {@code host}, asked from that host by libcoap. */
  static JsonNode peers(Host host, Link link) {
    CommandResult r =
        host.exec(
            "coap-client-notls",
            "-m",
            "get",
            "-B",
            "2",
            "coap://" + host.address(link) + "/mesh/peers");
    try {
      return JSON.readTree(r.output());
    } catch (IOException e) {
      throw new AssertionError(host + ": /mesh/peers is not JSON: " + r.output(), e);
    }
  }

  /** Neighbour name → state ({@code UP}/{@code DOWN}) as the node on {@code host} sees them. */
  static Map<String, String> states(Host host, Link link) {
    Map<String, String> states = new LinkedHashMap<>();
    for (JsonNode p : peers(host, link).path("peers")) {
      states.put(p.path("name").asText(), p.path("state").asText());
    }
    return states;
  }
}
