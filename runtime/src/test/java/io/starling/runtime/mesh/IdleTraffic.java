package io.starling.runtime.mesh;

import io.starling.runtime.identity.NodeId;
import io.starling.runtime.mesh.MeshSim.SimNode;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Measures the control traffic of an idle mesh in the in-memory network, in virtual time: N real
 * {@link MeshStack}s on a seeded random geometric graph are started, converge, settle, and then
 * every byte and datagram they send during a window is counted by channel. Byte counts are payloads
 * (what {@link MeshTransport#send} is given), without CoAP, UDP or IP headers.
 *
 * <p>Shared by {@link IdleControlTrafficTest} (the bound) and {@link IdleControlTrafficBench} (the
 * table in docs/BENCHMARKS.md).
 */
final class IdleTraffic {

  /** The channels of the mesh's control plane, counted even when nothing is sent on them. */
  static final List<String> CHANNELS =
      List.of(NeighbourService.CHANNEL, LinkStateService.CHANNEL, Router.CHANNEL);

  /** How far a graph's mean degree may be from the one asked for. */
  static final double DEGREE_TOLERANCE = 0.25;

  private IdleTraffic() {}

  /**
   * What all nodes sent during the window.
   *
   * @param nodes N
   * @param meanDegree the graph's mean number of links per node
   * @param converged virtual time from start to convergence
   * @param window the measured virtual time
   * @param bytes payload bytes sent by all nodes during the window, by channel: {@link #CHANNELS}
   *     and any other channel used
   * @param datagrams datagrams sent by all nodes during the window, by channel
   * @param originated adverts the nodes signed during the window (refreshes, when idle)
   * @param advertsSent adverts sent during the window (own and forwarded)
   * @param summariesSent database summaries sent during the window
   * @param summaryBytes size of one summary frame of a database holding every node's advert
   * @param helloBase with {@code helloPerNeighbour}, the least-squares line of a node's mean hello
   *     datagram size in the window against its number of neighbours: bytes at no neighbour
   * @param helloPerNeighbour bytes each neighbour adds to a hello (its echo)
   * @param cpu CPU time the simulation took, from start to the end of the window
   */
  record Result(
      int nodes,
      double meanDegree,
      Duration converged,
      Duration window,
      Map<String, Long> bytes,
      Map<String, Long> datagrams,
      long originated,
      long advertsSent,
      long summariesSent,
      int summaryBytes,
      double helloBase,
      double helloPerNeighbour,
      Duration cpu) {

    private double perNodePerSecond(double total) {
      return total / nodes / (window.toMillis() / 1000.0);
    }

    /** Bytes per second per node on {@code channel}. */
    double bytesPerNodePerSecond(String channel) {
      return perNodePerSecond(bytes.getOrDefault(channel, 0L));
    }

    /** Bytes per second per node on every channel. */
    double totalBytesPerNodePerSecond() {
      return perNodePerSecond(bytes.values().stream().mapToLong(Long::longValue).sum());
    }

    /** Datagrams per second per node on every channel. */
    double datagramsPerNodePerSecond() {
      return perNodePerSecond(datagrams.values().stream().mapToLong(Long::longValue).sum());
    }

    /**
     * Mean size of an advert datagram in the window: the advert channel's bytes less its
     * summaries', over the adverts sent.
     */
    double meanAdvertBytes() {
      long advertChannel = bytes.getOrDefault(LinkStateService.CHANNEL, 0L);
      return advertsSent == 0
          ? 0
          : (double) (advertChannel - summariesSent * summaryBytes) / advertsSent;
    }

    /** Datagrams per second per node on {@code channel}. */
    double datagramsPerNodePerSecond(String channel) {
      return perNodePerSecond(datagrams.getOrDefault(channel, 0L));
    }
  }

  /**
   * Starts {@code n} nodes on a connected random geometric graph of {@code degree} neighbours per
   * node on average (within {@link #DEGREE_TOLERANCE}) drawn from {@code seed}, waits for
   * convergence (at most {@code convergeLimit}), lets the mesh settle for {@code settle} and counts
   * what it sends during the next {@code window}.
   */
  static Result measure(
      Path dir,
      int n,
      double degree,
      long seed,
      NeighbourSettings neighbours,
      RoutingSettings routing,
      Duration convergeLimit,
      Duration settle,
      Duration window)
      throws Exception {
    MeshSim sim = new MeshSim(dir, seed, neighbours, routing);
    sim.add("n", n);
    sim.randomGeometricOfDegree(degree, DEGREE_TOLERANCE, new Random(seed));
    long cpu = cpuNanos();
    sim.startAll();
    Duration converged = sim.awaitConverged(convergeLimit);
    sim.advance(settle);

    Snapshot before = Snapshot.of(sim);
    long[][] hellosBefore = hellos(sim);
    sim.advance(window);
    Snapshot after = Snapshot.of(sim);
    long[][] hellosAfter = hellos(sim);
    cpu = cpuNanos() - cpu;

    // Each node's mean hello size against its number of neighbours: a least-squares line.
    double[] x = new double[n];
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = sim.nodes.get(i).links.size();
      y[i] =
          (double) (hellosAfter[0][i] - hellosBefore[0][i])
              / (hellosAfter[1][i] - hellosBefore[1][i]);
    }
    double mx = Arrays.stream(x).average().orElse(0);
    double my = Arrays.stream(y).average().orElse(0);
    double sxy = 0;
    double sxx = 0;
    for (int i = 0; i < n; i++) {
      sxy += (x[i] - mx) * (y[i] - my);
      sxx += (x[i] - mx) * (x[i] - mx);
    }
    double perNeighbour = sxx == 0 ? 0 : sxy / sxx;

    Map<String, Long> bytes = new LinkedHashMap<>();
    Map<String, Long> datagrams = new LinkedHashMap<>();
    for (String c : after.bytes.keySet()) {
      bytes.put(c, after.bytes.get(c) - before.bytes.getOrDefault(c, 0L));
      datagrams.put(c, after.datagrams.get(c) - before.datagrams.getOrDefault(c, 0L));
    }
    return new Result(
        n,
        sim.meanDegree(),
        converged,
        window,
        bytes,
        datagrams,
        after.originated - before.originated,
        after.advertsSent - before.advertsSent,
        after.summariesSent - before.summariesSent,
        1 + n * (NodeId.LENGTH + 8),
        my - perNeighbour * mx,
        perNeighbour,
        Duration.ofNanos(cpu));
  }

  /** Hello bytes ([0]) and datagrams ([1]) each node has sent so far, in node order. */
  private static long[][] hellos(MeshSim sim) {
    long[][] out = new long[2][sim.nodes.size()];
    for (int i = 0; i < sim.nodes.size(); i++) {
      InetSocketAddress a = sim.nodes.get(i).address;
      out[0][i] = sim.network.bytesFrom(a, NeighbourService.CHANNEL);
      out[1][i] = sim.network.datagramsFrom(a, NeighbourService.CHANNEL);
    }
    return out;
  }

  /** CPU time of this thread, on which the whole simulation runs. */
  private static long cpuNanos() {
    return ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
  }

  /** Counters summed over all nodes at one moment. */
  private record Snapshot(
      Map<String, Long> bytes,
      Map<String, Long> datagrams,
      long originated,
      long advertsSent,
      long summariesSent) {

    static Snapshot of(MeshSim sim) {
      Map<String, Long> bytes = new LinkedHashMap<>();
      Map<String, Long> datagrams = new LinkedHashMap<>();
      long originated = 0;
      long advertsSent = 0;
      long summariesSent = 0;
      Set<String> channels = new LinkedHashSet<>(CHANNELS);
      channels.addAll(sim.network.channels());
      for (String c : channels) {
        long b = 0;
        long d = 0;
        for (SimNode node : sim.nodes) {
          b += sim.network.bytesFrom(node.address, c);
          d += sim.network.datagramsFrom(node.address, c);
        }
        bytes.put(c, b);
        datagrams.put(c, d);
      }
      for (SimNode node : sim.nodes) {
        RoutingStats s = node.routing().stats();
        originated += s.originated();
        advertsSent += s.sent();
        summariesSent += s.summariesSent();
      }
      return new Snapshot(bytes, datagrams, originated, advertsSent, summariesSent);
    }
  }
}
