package io.starling.runtime.mesh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Idle control traffic scales with a node's degree, not with the size of the mesh: per node, a mesh
 * of 100 sends at most twice what a mesh of 10 sends at the same mean degree. Bytes counted in
 * virtual time do not depend on the machine's speed, so this is a test, not a benchmark (that is
 * {@link IdleControlTrafficBench}).
 */
class IdleControlTrafficTest {

  private static final Logger LOG = LoggerFactory.getLogger(IdleControlTrafficTest.class);

  /** Mean degree asked of the random geometric graph at both sizes. */
  private static final double DEGREE = 5;

  /**
   * Adverts are refreshed every 30 s here, ten times as often as {@link RoutingSettings#lan()}'s 5
   * minutes, and the window spans two refresh intervals (60 virtual seconds): every node's periodic
   * re-advertisement, flooded through the whole mesh, falls inside the measurement twice (asserted
   * below). Refresh floods are the part of idle traffic that grows with N (every node relays every
   * origin's refresh to its other neighbours), so they are counted, at a harsher rate than the
   * default. Not shorter to save time: at a 10 s refresh the ratio is 2.35 (measured), and by the
   * same measurements the bound holds from a refresh of about 15 s.
   */
  private static final Duration REFRESH = Duration.ofSeconds(30);

  private static final Duration WINDOW = REFRESH.multipliedBy(2);

  @TempDir Path dir;

  private IdleTraffic.Result measure(int n, long seed) throws Exception {
    IdleTraffic.Result r =
        IdleTraffic.measure(
            dir.resolve("n" + n),
            n,
            DEGREE,
            seed,
            NeighbourSettings.lan(),
            RoutingSettings.lan().withRefresh(REFRESH),
            Duration.ofSeconds(10),
            Duration.ofSeconds(5),
            WINDOW);
    LOG.info(
        "N={} mean degree {}: {} B/s/node (hello {}, advert+summary {}), {} datagrams/s/node;"
            + " bytes by channel {}; {} adverts originated, {} sent, {} summaries in {} s",
        n,
        String.format("%.2f", r.meanDegree()),
        String.format("%.0f", r.totalBytesPerNodePerSecond()),
        String.format("%.0f", r.bytesPerNodePerSecond(NeighbourService.CHANNEL)),
        String.format("%.0f", r.bytesPerNodePerSecond(LinkStateService.CHANNEL)),
        String.format("%.1f", r.datagramsPerNodePerSecond()),
        r.bytes(),
        r.originated(),
        r.advertsSent(),
        r.summariesSent(),
        r.window().toSeconds());
    return r;
  }

  @Test
  void idle_traffic_per_node_at_a_hundred_nodes_is_at_most_twice_that_at_ten() throws Exception {
    IdleTraffic.Result ten = measure(10, 10);
    IdleTraffic.Result hundred = measure(100, 100);

    // The same mean degree at both sizes (the graphs are drawn to it), ...
    assertThat(ten.meanDegree()).isCloseTo(DEGREE, within(IdleTraffic.DEGREE_TOLERANCE));
    assertThat(hundred.meanDegree()).isCloseTo(DEGREE, within(IdleTraffic.DEGREE_TOLERANCE));
    // ... and the refreshes are inside the window: every node signed two adverts in it, or three
    // when its random jitter (refresh up to a tenth early) fits a third in; no others, as the mesh
    // was idle.
    assertThat(ten.originated()).isBetween(2L * 10, 3L * 10);
    assertThat(hundred.originated()).isBetween(2L * 100, 3L * 100);
    double ratio = hundred.totalBytesPerNodePerSecond() / ten.totalBytesPerNodePerSecond();
    LOG.info("per-node idle traffic, N=100 / N=10: {}", String.format("%.2f", ratio));
    assertThat(hundred.totalBytesPerNodePerSecond())
        .isLessThanOrEqualTo(2 * ten.totalBytesPerNodePerSecond());
  }
}
