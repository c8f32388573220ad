package io.starling.runtime.mesh;

import io.starling.runtime.identity.NodeId;
import io.starling.runtime.identity.NodeIdentity;
import io.starling.runtime.identity.SequenceCounter;
import io.starling.runtime.schedule.ManualScheduler;
import io.starling.runtime.trust.MeshCa;
import io.starling.runtime.trust.TrustStore;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

/**
 * Many nodes' real mesh code ({@link MeshStack}) over one {@link MemoryNetwork} in virtual time:
 * links are explicit, nodes can be killed (kill -9: silent) and links cut and healed.
 */
final class MeshSim {

  private static final SecureRandom KEYS = new SecureRandom();

  final ManualScheduler scheduler = new ManualScheduler(Instant.now());
  final MemoryNetwork network;
  final List<SimNode> nodes = new ArrayList<>();
  private final Path dir;
  private final MeshCa ca;
  private final TrustStore trust;
  private final NeighbourSettings neighbourSettings;
  private final RoutingSettings routingSettings;
  private final Map<InetSocketAddress, SimNode> byAddress = new HashMap<>();

  /** One simulated node. */
  static final class SimNode {
    final String name;
    final InetSocketAddress address;
    final NodeIdentity identity;
    final byte[] certificate;
    MeshStack stack;
    final Set<SimNode> links = new HashSet<>();
    boolean alive = true;

    SimNode(
        String name,
        InetSocketAddress address,
        NodeIdentity identity,
        byte[] certificate,
        MeshStack stack) {
      this.name = name;
      this.address = address;
      this.identity = identity;
      this.certificate = certificate;
      this.stack = stack;
    }

    NodeId id() {
      return identity.id();
    }

    LinkStateService routing() {
      return stack.linkState();
    }

    @Override
    public String toString() {
      return name;
    }
  }

  MeshSim(Path dir, long seed, NeighbourSettings neighbours, RoutingSettings routing)
      throws Exception {
    this.dir = dir;
    this.network = new MemoryNetwork(scheduler, seed);
    this.network.restrictToLinks();
    this.neighbourSettings = neighbours;
    this.routingSettings = routing;
    this.ca = MeshCa.init(dir.resolve("ca"), "sim-ca", Duration.ofDays(3650));
    this.trust = TrustStore.forCa(ca.certificate(), null);
  }

  MeshCa ca() {
    return ca;
  }

  /** Adds (does not start) a node. */
  SimNode add(String name) throws Exception {
    int i = nodes.size() + 1;
    InetSocketAddress address =
        new InetSocketAddress("10.1." + (i / 250) + "." + (i % 250 + 1), 5683);
    NodeIdentity identity = NodeIdentity.generate(KEYS);
    byte[] cert = ca.issue(name, identity.publicKey(), List.of("nodes"), Duration.ofDays(30)).der();
    MeshStack stack = stack(name, address, identity, cert);
    SimNode node = new SimNode(name, address, identity, cert, stack);
    nodes.add(node);
    byAddress.put(address, node);
    return node;
  }

  private MeshStack stack(
      String name, InetSocketAddress address, NodeIdentity identity, byte[] cert)
      throws java.io.IOException {
    return new MeshStack(
        identity,
        cert,
        SequenceCounter.open(dir.resolve(name + ".seq")),
        "sim",
        name,
        5683,
        trust,
        network.transport(address),
        scheduler,
        scheduler.clock(),
        neighbourSettings,
        routingSettings,
        dir.resolve("data-" + name),
        io.starling.runtime.pubsub.LogLimits.defaults(),
        io.starling.runtime.pubsub.PubSubSettings.defaults());
  }

  /**
   * Restarts a node: a clean stop (goodbyes, cursors written) and a new stack on the same identity,
   * address and data directory, started and linked to the same neighbours.
   */
  void restart(SimNode node) throws java.io.IOException {
    node.stack.close();
    network.revive(node.address);
    node.stack = stack(node.name, node.address, node.identity, node.certificate);
    node.alive = true;
    for (SimNode other : node.links) {
      node.stack.neighbours().addCandidate(other.address);
    }
    node.stack.start();
  }

  /** Adds {@code n} nodes named {@code prefix0..}. */
  List<SimNode> add(String prefix, int n) throws Exception {
    List<SimNode> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(add(prefix + i));
    }
    return out;
  }

  /** A link between two nodes: each sends hellos to the other (as to a static peer). */
  void link(SimNode a, SimNode b) {
    network.link(a.address, b.address);
    a.links.add(b);
    b.links.add(a);
    a.stack.neighbours().addCandidate(b.address);
    b.stack.neighbours().addCandidate(a.address);
  }

  /**
   * A random geometric graph: nodes uniform in the unit square, linked when closer than the radius
   * that gives about {@code degree} neighbours on average; redrawn until connected.
   */
  void randomGeometric(double degree, Random random) {
    int n = nodes.size();
    double r = Math.sqrt(degree / (Math.PI * (n - 1)));
    for (int attempt = 0; ; attempt++) {
      double[][] at = new double[n][2];
      for (double[] p : at) {
        p[0] = random.nextDouble();
        p[1] = random.nextDouble();
      }
      List<int[]> edges = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        for (int j = i + 1; j < n; j++) {
          if (Math.hypot(at[i][0] - at[j][0], at[i][1] - at[j][1]) < r) {
            edges.add(new int[] {i, j});
          }
        }
      }
      if (connectedGraph(n, edges) || attempt > 200) {
        if (attempt > 200) {
          throw new IllegalStateException("no connected geometric graph for n=" + n);
        }
        edges.forEach(e -> link(nodes.get(e[0]), nodes.get(e[1])));
        return;
      }
    }
  }

  /**
   * A random geometric graph whose mean degree is {@code degree} within {@code tolerance}, at any
   * N: the radius makes the expected degree {@code degree} in the unit square, boundary included
   * (two uniform points are closer than r ≤ 1 with probability πr² − 8r³/3 + r⁴/2; {@link
   * #randomGeometric} ignores the boundary, so small meshes come out sparser than asked), and the
   * graph is redrawn until it is connected and its mean degree is within {@code tolerance}.
   */
  void randomGeometricOfDegree(double degree, double tolerance, Random random) {
    int n = nodes.size();
    double p = degree / (n - 1);
    if (p >= 1) {
      throw new IllegalArgumentException("mean degree " + degree + " needs more than " + n);
    }
    double lo = 0;
    double hi = 1;
    for (int i = 0; i < 60; i++) {
      double r = (lo + hi) / 2;
      double within = Math.PI * r * r - 8 * r * r * r / 3 + r * r * r * r / 2;
      if (within < p) {
        lo = r;
      } else {
        hi = r;
      }
    }
    double r = (lo + hi) / 2;
    for (int attempt = 0; attempt < 100_000; attempt++) {
      double[][] at = new double[n][2];
      for (double[] point : at) {
        point[0] = random.nextDouble();
        point[1] = random.nextDouble();
      }
      List<int[]> edges = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        for (int j = i + 1; j < n; j++) {
          if (Math.hypot(at[i][0] - at[j][0], at[i][1] - at[j][1]) < r) {
            edges.add(new int[] {i, j});
          }
        }
      }
      if (Math.abs(2.0 * edges.size() / n - degree) <= tolerance && connectedGraph(n, edges)) {
        edges.forEach(e -> link(nodes.get(e[0]), nodes.get(e[1])));
        return;
      }
    }
    throw new IllegalStateException(
        "no connected geometric graph of degree " + degree + " for " + n);
  }

  private static boolean connectedGraph(int n, List<int[]> edges) {
    Map<Integer, List<Integer>> adj = new HashMap<>();
    for (int[] e : edges) {
      adj.computeIfAbsent(e[0], k -> new ArrayList<>()).add(e[1]);
      adj.computeIfAbsent(e[1], k -> new ArrayList<>()).add(e[0]);
    }
    Set<Integer> seen = new HashSet<>(List.of(0));
    Deque<Integer> todo = new ArrayDeque<>(List.of(0));
    while (!todo.isEmpty()) {
      for (int m : adj.getOrDefault(todo.poll(), List.of())) {
        if (seen.add(m)) {
          todo.add(m);
        }
      }
    }
    return seen.size() == n;
  }

  /** The mean number of links per node. */
  double meanDegree() {
    return nodes.stream().mapToInt(n -> n.links.size()).average().orElse(0);
  }

  void startAll() {
    nodes.forEach(n -> n.stack.start());
  }

  void advance(Duration d) {
    scheduler.advance(d);
  }

  /** kill -9: the node falls silent without a goodbye and its timers stop. */
  void kill(SimNode node) {
    network.crash(node.address);
    node.alive = false;
    node.stack.close(); // its goodbyes go nowhere: the network has crashed it
  }

  void cut(SimNode a, SimNode b) {
    network.cut(a.address, b.address);
  }

  void heal(SimNode a, SimNode b) {
    network.heal(a.address, b.address);
  }

  SimNode at(InetSocketAddress address) {
    return byAddress.get(address);
  }

  /** Live nodes grouped by which of them can reach each other over live, uncut links. */
  Map<SimNode, Integer> components() {
    Map<SimNode, Integer> component = new LinkedHashMap<>();
    int c = 0;
    for (SimNode start : nodes) {
      if (!start.alive || component.containsKey(start)) {
        continue;
      }
      Deque<SimNode> todo = new ArrayDeque<>(List.of(start));
      component.put(start, c);
      while (!todo.isEmpty()) {
        SimNode x = todo.poll();
        for (SimNode y : x.links) {
          if (!component.containsKey(y) && network.connected(x.address, y.address)) {
            component.put(y, c);
            todo.add(y);
          }
        }
      }
      c++;
    }
    return component;
  }

  /**
   * Why the mesh has not converged, or empty if it has: every live node's next hops lead to every
   * node of its component over live links without revisiting a node, and no node has a route to a
   * node outside its component.
   */
  Optional<String> notConverged() {
    Map<SimNode, Integer> component = components();
    for (SimNode from : component.keySet()) {
      for (SimNode to : nodes) {
        if (to == from) {
          continue;
        }
        boolean reachable = to.alive && component.get(to).equals(component.get(from));
        if (!reachable) {
          if (from.routing().routes().containsKey(to.id())) {
            return Optional.of(from + " still has a route to unreachable " + to);
          }
          continue;
        }
        Optional<String> walk = walk(from, to);
        if (walk.isPresent()) {
          return walk;
        }
      }
    }
    return Optional.empty();
  }

  /** Follows each node's own next hop from {@code from} to {@code to}. */
  Optional<String> walk(SimNode from, SimNode to) {
    Set<SimNode> visited = new HashSet<>();
    SimNode at = from;
    List<String> path = new ArrayList<>(List.of(from.name));
    while (at != to) {
      if (!visited.add(at)) {
        return Optional.of("routing loop from " + from + " to " + to + ": " + path);
      }
      Optional<InetSocketAddress> next = at.routing().nextHop(to.id());
      if (next.isEmpty()) {
        return Optional.of(at + " has no route to " + to + " (path so far " + path + ")");
      }
      SimNode hop = at(next.get());
      if (hop == null || !hop.alive || !network.connected(at.address, hop.address)) {
        return Optional.of(at + " routes to " + to + " via dead or cut " + hop + " " + path);
      }
      path.add(hop.name);
      at = hop;
    }
    return Optional.empty();
  }

  /** Advances in 50 ms steps until converged; returns the virtual time it took. */
  Duration awaitConverged(Duration limit) {
    Instant start = scheduler.now();
    while (true) {
      Optional<String> why = notConverged();
      Duration took = Duration.between(start, scheduler.now());
      if (why.isEmpty()) {
        return took;
      }
      if (took.compareTo(limit) > 0) {
        throw new AssertionError("not converged after " + took + ": " + why.get());
      }
      advance(Duration.ofMillis(50));
    }
  }
}
