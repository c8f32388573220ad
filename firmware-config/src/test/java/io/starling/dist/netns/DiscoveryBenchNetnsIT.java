package io.starling.dist.netns;

import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Entry point of {@link DiscoveryNetnsBench} in failsafe's {@code netns} execution. A benchmark is
 * not a test: it is skipped unless {@code STARLING_BENCH=1} (environment or system property); see
 * docs/BENCHMARKS.md for the command. {@code STARLING_BENCH_CYCLES} (default 20) and {@code
 * STARLING_BENCH_KILLS} (default 10) set the number of cycles.
 */
class DiscoveryBenchNetnsIT {

  @TempDir Path dir;

  @Test
  void discovery_benchmark() throws Exception {
    Assumptions.assumeTrue(
        "1".equals(setting("STARLING_BENCH", "0")), "benchmark: set STARLING_BENCH=1 to run it");
    Assumptions.assumeTrue(
        "1".equals(System.getenv("STARLING_NETNS_LAB")),
        "network namespaces unavailable: " + System.getenv("STARLING_NETNS_REASON"));
    new DiscoveryNetnsBench(
            dir,
            Integer.parseInt(setting("STARLING_BENCH_CYCLES", "20")),
            Integer.parseInt(setting("STARLING_BENCH_KILLS", "10")))
        .run();
  }

  private static String setting(String name, String fallback) {
    String env = System.getenv(name);
    return env != null ? env : System.getProperty(name, fallback);
  }
}
