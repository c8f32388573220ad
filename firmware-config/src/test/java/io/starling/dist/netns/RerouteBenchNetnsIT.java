package io.starling.dist.netns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The re-route benchmark (docs/BENCHMARKS.md): in {@link RelayLab}, kill -9 the relay carrying a1 ↔
 * b2 traffic, time until a1 sees it DOWN and until both a1's route to b2 and b2's route to a1 go
 * through the other relay, check a ping crosses, restart the relay; {@code STARLING_BENCH_KILLS}
 * times (default 12). Skipped unless {@code STARLING_BENCH=1}.
 */
class RerouteBenchNetnsIT {

  private static final Logger LOG = LoggerFactory.getLogger(RerouteBenchNetnsIT.class);

  @TempDir Path dir;

  @Test
  void reroute_benchmark() throws Exception {
    Assumptions.assumeTrue(
        "1".equals(setting("STARLING_BENCH", "0")), "benchmark: set STARLING_BENCH=1 to run it");
    MeshProbe.requireLab();
    int kills = Integer.parseInt(setting("STARLING_BENCH_KILLS", "12"));
    List<Long> down = new ArrayList<>();
    List<Long> rerouted = new ArrayList<>();
    try (RelayLab lab = new RelayLab(dir)) {
      lab.startAll();
      await()
          .atMost(Duration.ofSeconds(20))
          .pollInterval(Duration.ofMillis(250))
          .until(() -> lab.converged(RelayLab.NAMES));
      for (int i = 1; i <= kills; i++) {
        String relay = lab.via("a1", "b2").orElseThrow();
        String other = relay.equals("r1") ? "r2" : "r1";
        long t0 = System.nanoTime();
        lab.kill9(relay);
        long[] downAt = {-1};
        await()
            .atMost(Duration.ofSeconds(10))
            .pollInterval(Duration.ofMillis(20))
            .until(
                () -> {
                  if (downAt[0] < 0
                      && "DOWN".equals(MeshProbe.states(lab.host("a1"), lab.lanA).get(relay))) {
                    downAt[0] = System.nanoTime();
                  }
                  return lab.via("a1", "b2").filter(other::equals).isPresent()
                      && lab.via("b2", "a1").filter(other::equals).isPresent();
                });
        long routedAt = System.nanoTime();
        if (downAt[0] < 0) {
          downAt[0] = routedAt;
        }
        down.add((downAt[0] - t0) / 1_000_000);
        rerouted.add((routedAt - t0) / 1_000_000);
        assertThat(lab.ping("a1", "b2", 2000).path("outcome").asText()).isEqualTo("REPLIED");
        LOG.info(
            "kill {}/{} of {}: DOWN at a1 after {} ms, both directions through {} after {} ms",
            i,
            kills,
            relay,
            down.get(i - 1),
            other,
            rerouted.get(i - 1));
        lab.start(relay);
        await()
            .atMost(Duration.ofSeconds(20))
            .pollInterval(Duration.ofMillis(250))
            .until(() -> lab.converged(RelayLab.NAMES));
      }
    }
    String table =
        String.join(
            "\n",
            "",
            String.format(
                Locale.ROOT,
                "%-36s %6s %8s %8s %8s",
                "re-route (kill -9 of the relay)",
                "kills",
                "p50 ms",
                "p95 ms",
                "max ms"),
            row("neighbour DOWN at a1 (detection)", down),
            row("a1->b2 and b2->a1 via the other", rerouted));
    LOG.info("{}", table);
  }

  private static String row(String what, List<Long> samples) {
    List<Long> s = new ArrayList<>(samples);
    Collections.sort(s);
    return String.format(
        Locale.ROOT,
        "%-36s %6d %8d %8d %8d",
        what,
        s.size(),
        percentile(s, 50),
        percentile(s, 95),
        s.get(s.size() - 1));
  }

  /** Nearest-rank percentile of sorted samples. */
  private static long percentile(List<Long> sorted, int p) {
    int rank = (int) Math.ceil(p / 100.0 * sorted.size());
    return sorted.get(Math.max(0, rank - 1));
  }

  private static String setting(String name, String fallback) {
    String env = System.getenv(name);
    return env != null ? env : System.getProperty(name, fallback);
  }
}
