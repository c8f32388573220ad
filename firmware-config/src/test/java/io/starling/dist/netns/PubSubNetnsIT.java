package io.starling.dist.netns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Nothing lost, nothing twice: a1 (link A) publishes a reading every 200 ms; b2 (link B, behind the
 * relays) subscribes with a log file. While a1 publishes, the relay in use is killed (-9) and b2
 * itself is restarted; every message published after b2 subscribed must be in its log exactly once,
 * in order.
 */
class PubSubNetnsIT {

  private static final Logger LOG = LoggerFactory.getLogger(PubSubNetnsIT.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private RelayLab lab;

  @BeforeEach
  void lab() throws Exception {
    MeshProbe.requireLab();
    lab =
        new RelayLab(
            dir,
            Map.of(
                "a1", "sensors:\n  - {name: air, driver: simulated, interval: 200ms}\n",
                "b2", "subscriptions:\n  - {filter: a1/#, log: deliveries.jsonl}\n"));
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

  private List<Long> delivered() throws IOException {
    Path log = lab.deviceDir("b2").resolve("deliveries.jsonl");
    List<Long> seqs = new ArrayList<>();
    if (!Files.exists(log)) {
      return seqs;
    }
    for (String line : Files.readAllLines(log)) {
      if (!line.isBlank()) {
        JsonNode m = JSON.readTree(line);
        assertThat(m.path("topic").asText()).isEqualTo("a1/air");
        assertThat(m.path("source").asText()).isEqualTo("a1");
        seqs.add(m.path("seq").asLong());
      }
    }
    return seqs;
  }

  private long published() {
    JsonNode stats = MeshProbe.get(lab.host("a1"), lab.lanA, "/mesh/stats");
    return stats.path("pubsub").path("published").asLong();
  }

  @Test
  void a_relay_crash_and_a_subscriber_restart_lose_and_duplicate_nothing() throws Exception {
    await().atMost(Duration.ofSeconds(10)).until(() -> delivered().size() >= 10);

    String relay = lab.via("a1", "b2").orElseThrow();
    lab.kill9(relay);
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> lab.via("a1", "b2").isPresent() && !lab.via("a1", "b2").get().equals(relay));
    int beforeRestart = delivered().size();
    lab.stop("b2");
    await().pollDelay(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).until(() -> true);
    lab.start("b2");

    long target = published() + 5;
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(250))
        .until(() -> delivered().stream().mapToLong(Long::longValue).max().orElse(0) >= target);
    List<Long> seqs = delivered();
    LOG.info(
        "b2 logged {} messages, seq {}..{} ({} before its restart); a1 published {}",
        seqs.size(),
        seqs.get(0),
        seqs.get(seqs.size() - 1),
        beforeRestart,
        published());

    List<Long> expected = new ArrayList<>();
    for (long s = seqs.get(0); s <= seqs.get(seqs.size() - 1); s++) {
      expected.add(s);
    }
    assertThat(seqs).as("every message once, in order").isEqualTo(expected);
    assertThat(seqs.size()).isGreaterThan(beforeRestart + 10);
    // what a1 published while b2 was down came by fetching it from a1's log
    JsonNode b2 = MeshProbe.get(lab.host("b2"), lab.lanB, "/mesh/stats").path("pubsub");
    assertThat(b2.path("fetchesSent").asLong()).isPositive();
    assertThat(b2.path("lost").asLong()).isZero();
  }
}
