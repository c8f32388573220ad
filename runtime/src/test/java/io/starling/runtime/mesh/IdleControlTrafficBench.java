package io.starling.runtime.mesh;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Idle control-plane traffic per node at N = 10, 50 and 100 in the in-memory network, with the LAN
 * defaults ({@link NeighbourSettings#lan()}, {@link RoutingSettings#lan()}: hellos every 200 ms,
 * adverts refreshed every 5 minutes), measured over one whole refresh interval so that every node's
 * periodic re-advertisement falls inside it once. Prints one table (SLF4J, INFO); see
 * docs/BENCHMARKS.md, "Idle control traffic (in-memory)".
 *
 * <p>A benchmark, not a test: skipped unless {@code STARLING_BENCH=1} (environment or system
 * property), and not matched by surefire's default includes either, so it runs only when named:
 * {@code bench/scripts/idle-traffic.sh}. {@code STARLING_BENCH_WINDOW} sets the window in virtual
 * seconds (default: the refresh interval, 300).
 */
class IdleControlTrafficBench {

  private static final Logger LOG = LoggerFactory.getLogger(IdleControlTrafficBench.class);
  private static final double DEGREE = 5;
  private static final int[] SIZES = {10, 50, 100};

  @TempDir Path dir;

  @Test
  void idle_control_traffic() throws Exception {
    Assumptions.assumeTrue(
        "1".equals(setting("STARLING_BENCH", "0")), "benchmark: set STARLING_BENCH=1 to run it");
    RoutingSettings routing = RoutingSettings.lan();
    Duration window =
        Duration.ofSeconds(
            Long.parseLong(
                setting(
                    "STARLING_BENCH_WINDOW",
                    Long.toString(routing.refreshInterval().toSeconds()))));
    List<IdleTraffic.Result> results = new ArrayList<>();
    for (int n : SIZES) {
      long wall = System.nanoTime();
      IdleTraffic.Result r =
          IdleTraffic.measure(
              dir.resolve("n" + n),
              n,
              DEGREE,
              n,
              NeighbourSettings.lan(),
              routing,
              Duration.ofSeconds(10),
              Duration.ofSeconds(5),
              window);
      LOG.info(
          "N={}: converged in {} ms virtual; {} s virtual took {} s CPU, {} s wall; hellos {} B"
              + " each on average (≈ {} + {} per neighbour); {} adverts signed, {} sent ({} B each"
              + " on average), {} summaries; bytes by channel {}",
          n,
          r.converged().toMillis(),
          r.window().toSeconds(),
          r.cpu().toSeconds(),
          Duration.ofNanos(System.nanoTime() - wall).toSeconds(),
          String.format(
              "%.0f",
              (double) r.bytes().get(NeighbourService.CHANNEL)
                  / r.datagrams().get(NeighbourService.CHANNEL)),
          String.format("%.0f", r.helloBase()),
          String.format("%.1f", r.helloPerNeighbour()),
          r.originated(),
          r.advertsSent(),
          String.format("%.0f", r.meanAdvertBytes()),
          r.summariesSent(),
          r.bytes());
      results.add(r);
    }
    LOG.info("idle control traffic, {}\n{}", describe(routing, window), table(results));
  }

  private static String describe(RoutingSettings routing, Duration window) {
    NeighbourSettings hello = NeighbourSettings.lan();
    return String.format(
        "hellos every %d ms, refresh every %d s, window %d s virtual, mean degree %.0f±%.2f:",
        hello.helloInterval().toMillis(),
        routing.refreshInterval().toSeconds(),
        window.toSeconds(),
        DEGREE,
        IdleTraffic.DEGREE_TOLERANCE);
  }

  /** The results as a Markdown table, ratios to the first row. */
  static String table(List<IdleTraffic.Result> results) {
    StringBuilder out = new StringBuilder();
    out.append(
        "|   N | mean degree | hello B/s/node | advert+summary B/s/node | total B/s/node |"
            + " ratio to N=10 | datagrams/s/node | adverts signed in window |\n");
    out.append(
        "|----:|------------:|---------------:|------------------------:|---------------:|"
            + "--------------:|-----------------:|-------------------------:|\n");
    double base = results.get(0).totalBytesPerNodePerSecond();
    for (IdleTraffic.Result r : results) {
      out.append(
          String.format(
              "| %3d | %11.2f | %14.0f | %23.0f | %14.0f | %13.2f | %16.1f | %24d |%n",
              r.nodes(),
              r.meanDegree(),
              r.bytesPerNodePerSecond(NeighbourService.CHANNEL),
              r.bytesPerNodePerSecond(LinkStateService.CHANNEL),
              r.totalBytesPerNodePerSecond(),
              r.totalBytesPerNodePerSecond() / base,
              r.datagramsPerNodePerSecond(),
              r.originated()));
    }
    return out.toString();
  }

  private static String setting(String name, String fallback) {
    String env = System.getenv(name);
    return env != null ? env : System.getProperty(name, fallback);
  }
}
