package io.starling.dist.netns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Multi-hop routing across two links bridged by two dual-homed relays ({@link RelayLab}), one JVM
 * per node: a1 reaches b2 through a relay; kill -9 of the relay in use moves the traffic to the
 * other within 2 s; a cut link heals.
 */
class RoutingNetnsIT {

  private static final Logger LOG = LoggerFactory.getLogger(RoutingNetnsIT.class);

  @TempDir Path dir;

  private RelayLab lab;

  @BeforeEach
  void lab() throws Exception {
    MeshProbe.requireLab();
    lab = new RelayLab(dir);
    lab.startAll();
    await()
        .atMost(Duration.ofSeconds(15))
        .pollInterval(Duration.ofMillis(250))
        .until(() -> lab.converged(RelayLab.NAMES));
  }

  @AfterEach
  void close() {
    if (lab != null) {
      lab.close();
    }
  }

  @Test
  void a1_reaches_b2_through_a_relay_and_moves_to_the_other_within_2_s_of_a_kill_9() {
    JsonNode reply = lab.ping("a1", "b2", 2000);
    assertThat(reply.path("outcome").asText()).as(reply.toString()).isEqualTo("REPLIED");
    assertThat(reply.path("hopsThere").asInt()).isEqualTo(2);
    String relay = lab.via("a1", "b2").orElseThrow();
    assertThat(relay).isIn("r1", "r2");
    String other = relay.equals("r1") ? "r2" : "r1";
    CommandResult routes = lab.starling("a1", "routes", "--node", lab.uri("a1"));
    assertThat(routes.ok()).as(routes.output()).isTrue();
    assertThat(routes.output()).contains("a1 > " + relay + " > b2");
    LOG.info("starling routes on a1:\n{}", routes.output());

    long killed = System.nanoTime();
    lab.kill9(relay);
    await()
        .atMost(Duration.ofSeconds(5))
        .pollInterval(Duration.ofMillis(20))
        .until(
            () ->
                lab.via("a1", "b2").filter(other::equals).isPresent()
                    && lab.via("b2", "a1").filter(other::equals).isPresent());
    long rerouteMillis = (System.nanoTime() - killed) / 1_000_000;
    JsonNode after = lab.ping("a1", "b2", 2000);
    LOG.info(
        "kill -9 of {} -> both directions through {} after {} ms", relay, other, rerouteMillis);

    assertThat(rerouteMillis).as("re-route after kill -9 of the relay").isLessThanOrEqualTo(2000);
    assertThat(after.path("outcome").asText()).as(after.toString()).isEqualTo("REPLIED");
    assertThat(after.path("via").asText()).isEqualTo(other);
  }

  @Test
  void a_cut_link_moves_traffic_to_the_other_relay_and_healing_it_restores_the_mesh() {
    String relay = lab.via("a1", "b2").orElseThrow();
    String other = relay.equals("r1") ? "r2" : "r1";

    lab.cut(relay, lab.lanB);
    await()
        .atMost(Duration.ofSeconds(5))
        .pollInterval(Duration.ofMillis(50))
        .until(() -> lab.via("a1", "b2").filter(other::equals).isPresent());
    assertThat(lab.ping("a1", "b2", 2000).path("outcome").asText()).isEqualTo("REPLIED");
    // The relay is still on link A: it reaches b2 the long way round, through the other relay.
    await()
        .atMost(Duration.ofSeconds(5))
        .pollInterval(Duration.ofMillis(50))
        .until(() -> lab.via(relay, "b2").filter(other::equals).isPresent());

    lab.restore(relay, lab.lanB);
    await()
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(250))
        .until(() -> linkCount(lab.topology("a1")) == 11 && lab.converged(RelayLab.NAMES));
    // and the relay is b2's neighbour again: one hop
    await()
        .atMost(Duration.ofSeconds(5))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> lab.via(relay, "b2").filter("b2"::equals).isPresent());
  }

  private static int linkCount(JsonNode topology) {
    return topology.path("links").size();
  }

  @Test
  void a_partitioned_side_keeps_working_and_merges_when_healed() {
    List<String> sideA = List.of("a1", "a2");
    lab.cut("r1", lab.lanA);
    lab.cut("r2", lab.lanA);
    await()
        .atMost(Duration.ofSeconds(5))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> lab.routes("a1").path("routes").size() == 1);
    assertThat(lab.ping("a1", "a2", 2000).path("outcome").asText()).isEqualTo("REPLIED");
    assertThat(lab.ping("b1", "r2", 2000).path("outcome").asText()).isEqualTo("REPLIED");
    assertThat(lab.ping("a1", "b2", 1000).path("outcome").asText()).isIn("NO_ROUTE", "UNKNOWN");
    assertThat(lab.converged(sideA)).isTrue();

    lab.restore("r1", lab.lanA);
    lab.restore("r2", lab.lanA);
    await()
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(250))
        .until(() -> lab.converged(RelayLab.NAMES));
    assertThat(lab.ping("a1", "b2", 2000).path("outcome").asText()).isEqualTo("REPLIED");
  }
}
