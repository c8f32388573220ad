package io.starling.runtime.node;

import io.starling.runtime.discovery.Announcement;
import io.starling.runtime.discovery.Discovery;
import io.starling.runtime.discovery.DiscoveryListener;
import io.starling.runtime.discovery.DiscoverySettings;
import io.starling.runtime.discovery.LocalService;
import io.starling.runtime.driver.Sample;
import io.starling.runtime.driver.SensorChannel;
import io.starling.runtime.identity.NodeId;
import io.starling.runtime.identity.NodeIdentity;
import io.starling.runtime.identity.SequenceCounter;
import io.starling.runtime.mesh.MeshStack;
import io.starling.runtime.mesh.Neighbour;
import io.starling.runtime.mesh.NeighbourListener;
import io.starling.runtime.mesh.NeighbourService;
import io.starling.runtime.mesh.NeighbourSettings;
import io.starling.runtime.mesh.Route;
import io.starling.runtime.mesh.RoutingSettings;
import io.starling.runtime.mesh.Topology;
import io.starling.runtime.profile.Profile;
import io.starling.runtime.profile.SubscriptionSpec;
import io.starling.runtime.pubsub.Delivery;
import io.starling.runtime.pubsub.PubSubService;
import io.starling.runtime.pubsub.PubSubSettings;
import io.starling.runtime.schedule.TaskScheduler;
import io.starling.runtime.transport.internal.CoapFace;
import io.starling.runtime.trust.TrustStore;
import io.starling.runtime.wire.SenmlCodec;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's part in the mesh: the mesh protocol ({@link MeshStack}: neighbours by signed hellos to
 * static peers, to what mDNS finds and at start to All-CoAP-Nodes; link-state routing; forwarding)
 * and its discovery. A node that is not enrolled has a disabled membership that says why.
 */
final class MeshMembership implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(MeshMembership.class);

  /** All-CoAP-Nodes, IPv4 (RFC 7252 §12.8). */
  private static final InetAddress ALL_COAP_NODES = allCoapNodes();

  /** Hellos a starting node also sends to All-CoAP-Nodes. */
  private static final int GROUP_HELLOS = 3;

  /** How long a subscription made by a polling reader lives without a poll. */
  static final Duration READER_LEASE = Duration.ofSeconds(30);

  private final MeshStack stack;
  private final NeighbourService neighbours;
  private final java.util.Map<String, Lease> readers = new java.util.HashMap<>();
  private MessageInbox inbox;
  private TaskScheduler scheduler;
  private Clock clock;
  private io.starling.runtime.command.MeshCommands commands;
  private NodeIdentity identity;
  private SequenceCounter sequence;

  private TrustStore trust;
  private final List<LogSink> sinks = new java.util.ArrayList<>();

  private record Lease(PubSubService.Subscription subscription, java.time.Instant expires) {}

  private final Discovery discovery;
  private final String disabledReason;

  private MeshMembership(MeshStack stack, Discovery discovery, String disabledReason) {
    this.stack = stack;
    this.neighbours = stack == null ? null : stack.neighbours();
    this.discovery = discovery;
    this.disabledReason = disabledReason;
  }

  private static InetAddress allCoapNodes() {
    try {
      return InetAddress.getByAddress(new byte[] {(byte) 224, 0, 1, (byte) 187});
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Joins the mesh if the node is enrolled ({@code trust} and a certificate); otherwise returns a
   * disabled membership.
   *
   * @param discoverySettings mDNS settings, or {@code null} for none whatever the profile says
   */
  static MeshMembership join(
      Profile profile,
      NodeIdentity identity,
      Optional<byte[]> certificate,
      TrustStore trust,
      SequenceCounter sequence,
      CoapFace coap,
      int configuredPort,
      TaskScheduler scheduler,
      Clock clock,
      NeighbourSettings neighbourSettings,
      RoutingSettings routingSettings,
      DiscoverySettings discoverySettings)
      throws IOException {
    if (trust == null || certificate.isEmpty()) {
      String reason =
          "the node is not enrolled (the profile needs security.certificate and security.trust"
              + " or security.allow); it serves its sensors but joins no mesh";
      LOG.info("mesh disabled: {}", reason);
      return new MeshMembership(null, null, reason);
    }
    int port = coap.address().getPort();
    MeshStack stack =
        new MeshStack(
            identity,
            certificate.get(),
            sequence,
            profile.node().mesh(),
            profile.node().name(),
            port,
            trust,
            coap.meshTransport(),
            scheduler,
            clock,
            neighbourSettings,
            routingSettings,
            profile.node().dataDir(),
            profile.logLimits(),
            PubSubSettings.defaults());
    NeighbourService neighbours = stack.neighbours();
    for (String peer : profile.network().peers()) {
      StaticPeers.resolve(peer)
          .ifPresentOrElse(
              neighbours::addCandidate,
              () -> LOG.warn("static peer {} does not resolve; skipped", peer));
    }
    Discovery discovery = null;
    if (profile.network().discovery() && discoverySettings != null) {
      announceToAllCoapNodes(coap, neighbours, configuredPort);
      discovery = discovery(profile, identity, port, neighbours, discoverySettings, scheduler);
    } else {
      LOG.info("mDNS discovery off: hellos go to static peers only");
    }
    stack.start();
    if (discovery != null) {
      discovery.start();
    }
    MeshMembership m = new MeshMembership(stack, discovery, null);
    m.inbox = new MessageInbox(scheduler);
    m.scheduler = scheduler;
    m.clock = clock;
    m.identity = identity;
    m.sequence = sequence;
    m.trust = trust;
    for (SubscriptionSpec sub : profile.subscriptions()) {
      java.util.function.Consumer<Delivery> to = m.inbox::add;
      if (sub.log() != null) {
        LogSink sink = new LogSink(sub.log());
        m.sinks.add(sink);
        to = to.andThen(sink);
      }
      stack.pubsub().subscribe(sub.filter(), clock.instant(), to);
    }
    return m;
  }

  /**
   * The fast path of discovery: join All-CoAP-Nodes on this node's port and send the first hellos
   * there too, so nodes already on the link admit this one on its first hello, before mDNS has
   * announced it. Needs a fixed port: a node on port 0 skips it.
   */
  private static void announceToAllCoapNodes(CoapFace coap, NeighbourService neighbours, int port) {
    if (port == 0) {
      return;
    }
    try {
      coap.joinAllCoapNodes();
      neighbours.announceTo(new InetSocketAddress(ALL_COAP_NODES, port), GROUP_HELLOS);
    } catch (IOException | RuntimeException e) {
      LOG.warn("cannot join All-CoAP-Nodes on port {}: {}; mDNS only", port, e.getMessage());
    }
  }

  /** DNS-SD over mDNS whose finds of this mesh become hello candidates. */
  private static Discovery discovery(
      Profile profile,
      NodeIdentity identity,
      int port,
      NeighbourService neighbours,
      DiscoverySettings base,
      TaskScheduler scheduler) {
    DiscoverySettings settings =
        profile.network().interfaces().isEmpty()
            ? base
            : base.withInterfaces(profile.network().interfaces());
    String mesh = profile.node().mesh();
    String self = identity.id().toString();
    Discovery discovery =
        Discovery.mdns(
            new LocalService(profile.node().name(), self, mesh, port), settings, scheduler);
    discovery.addListener(
        new DiscoveryListener() {
          @Override
          public void found(Announcement a) {
            if (mesh.equals(a.mesh()) && !self.equals(a.nodeId())) {
              a.addresses()
                  .forEach(ip -> neighbours.addCandidate(new InetSocketAddress(ip, a.port())));
            }
          }

          @Override
          public void lost(Announcement a) {
            a.addresses()
                .forEach(ip -> neighbours.removeCandidate(new InetSocketAddress(ip, a.port())));
          }
        });
    return discovery;
  }

  /** The neighbours, as {@code /mesh/peers} serves them. */
  PeersView peers() {
    if (neighbours == null) {
      return new PeersView(false, disabledReason, List.of(), Map.of());
    }
    return new PeersView(
        true,
        null,
        neighbours.neighbours().stream().map(PeersView.Peer::of).toList(),
        neighbours.rejected());
  }

  /** The routes, as {@code /mesh/routes} serves them. */
  RoutingView routes() {
    if (stack == null) {
      return RoutingView.disabled(disabledReason);
    }
    Topology topology = stack.linkState().topology();
    Map<NodeId, Route> routes = stack.linkState().routes();
    return RoutingView.of(topology, routes);
  }

  /** The topology, as {@code /mesh/topology} serves it. */
  TopologyView topology() {
    return stack == null
        ? TopologyView.disabled(disabledReason)
        : TopologyView.of(stack.linkState().topology());
  }

  /** The mesh protocol, or empty if the node joins no mesh. */
  Optional<MeshStack> stack() {
    return Optional.ofNullable(stack);
  }

  /**
   * Pings {@code target} (a node id, or a name only one node has) end to end across the mesh.
   * Completes with the outcome; never exceptionally.
   */
  CompletableFuture<PingView> ping(String target, Duration timeout) {
    if (stack == null) {
      return CompletableFuture.completedFuture(
          new PingView(null, null, "DISABLED", null, null, null, null, disabledReason));
    }
    Topology topology = stack.linkState().topology();
    Optional<NodeId> id = resolve(target, topology);
    if (id.isEmpty()) {
      return CompletableFuture.completedFuture(
          new PingView(
              null,
              null,
              "UNKNOWN",
              null,
              null,
              null,
              null,
              "no node called '"
                  + target
                  + "' is in this node's view of the mesh (if two nodes share the name, use the"
                  + " id)"));
    }
    Route route = stack.linkState().routes().get(id.get());
    String via = route == null ? null : topology.name(route.via());
    String name = topology.name(id.get());
    return stack
        .ping()
        .ping(id.get(), timeout)
        .handle(
            (r, e) -> {
              if (e != null) {
                return new PingView(
                    id.get().toString(), name, "ERROR", null, null, null, via, e.getMessage());
              }
              return switch (r.outcome()) {
                case REPLIED ->
                    new PingView(
                        id.get().toString(),
                        name,
                        r.outcome().name(),
                        r.rtt().toNanos() / 1e6,
                        r.hopsThere(),
                        r.hopsBack(),
                        via,
                        null);
                case NO_ROUTE ->
                    new PingView(
                        id.get().toString(),
                        name,
                        r.outcome().name(),
                        null,
                        null,
                        null,
                        null,
                        "no route to " + name);
                case TIMEOUT ->
                    new PingView(
                        id.get().toString(),
                        name,
                        r.outcome().name(),
                        null,
                        null,
                        null,
                        via,
                        "no reply from " + name + " within " + timeout.toMillis() + " ms");
              };
            });
  }

  private static Optional<NodeId> resolve(String target, Topology topology) {
    try {
      NodeId id = NodeId.parse(target);
      return topology.nodes().containsKey(id) ? Optional.of(id) : Optional.empty();
    } catch (IllegalArgumentException e) {
      return topology.byName(target);
    }
  }

  /** Lets commands routed to this node reach {@code local}, and this node route commands. */
  void enableCommands(io.starling.runtime.command.CommandService local) {
    if (stack == null) {
      return;
    }
    io.starling.runtime.trust.EnvelopeVerifier answers =
        new io.starling.runtime.trust.EnvelopeVerifier(
            trust, io.starling.runtime.trust.ReplayGuard.defaults(), clock);
    answers.certificateSource(stack.linkState()::certificate);
    commands =
        new io.starling.runtime.command.MeshCommands(
            identity, sequence, stack.router(), answers, local, scheduler, clock);
  }

  /**
   * Routes a signed command to {@code target} (id or name) and waits for its answer; see {@link
   * io.starling.runtime.command.MeshCommands#send}.
   */
  CompletableFuture<io.starling.runtime.command.MeshCommands.Answer> routeCommand(
      String target, byte[] signedCommand, Duration timeout) {
    if (commands == null) {
      return CompletableFuture.completedFuture(
          new io.starling.runtime.command.MeshCommands.Answer(
              io.starling.runtime.command.MeshCommands.Outcome.NO_ROUTE,
              io.starling.runtime.command.Rejection.Status.UNAVAILABLE,
              0,
              ("this node joins no mesh: " + disabledReason)
                  .getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }
    Optional<NodeId> id = resolve(target, stack.linkState().topology());
    if (id.isEmpty()) {
      return CompletableFuture.completedFuture(
          new io.starling.runtime.command.MeshCommands.Answer(
              io.starling.runtime.command.MeshCommands.Outcome.NO_ROUTE,
              null,
              0,
              ("no node called '" + target + "' in this node's view of the mesh")
                  .getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }
    return commands.send(id.get(), signedCommand, timeout);
  }

  /** This node's id and name as seen in the mesh, for signing commands as this node. */
  NodeIdentity identity() {
    return identity;
  }

  SequenceCounter sequence() {
    return sequence;
  }

  /** The id of {@code target} (id or name) in this node's view of the mesh. */
  Optional<NodeId> resolve(String target) {
    return stack == null ? Optional.empty() : resolve(target, stack.linkState().topology());
  }

  /** Publishes every sample of {@code sensor} on its topic (SenML CBOR), once enrolled. */
  void publishSamples(SensorChannel sensor) {
    if (stack == null) {
      return;
    }
    sensor.addListener(this::publishSample);
  }

  private void publishSample(Sample sample) {
    try {
      stack
          .pubsub()
          .publish(
              sample.topic(),
              SenmlCodec.CONTENT_FORMAT_CBOR,
              SenmlCodec.toCbor(sample.topic() + "/", sample.readings()));
    } catch (IOException | RuntimeException e) {
      LOG.warn("cannot publish a sample of {}: {}", sample.sensor(), e.getMessage());
    }
  }

  /** Publishes {@code body} on {@code topic}; see {@link PubSubService#publish}. */
  long publish(String topic, int contentFormat, byte[] body) throws IOException {
    return requireStack().pubsub().publish(topic, contentFormat, body);
  }

  /** Subscribes {@code listener} to {@code filter} from now on. */
  PubSubService.Subscription subscribe(String filter, java.util.function.Consumer<Delivery> l) {
    return requireStack().pubsub().subscribe(filter, clock.instant(), l);
  }

  private MeshStack requireStack() {
    if (stack == null) {
      throw new IllegalStateException("this node joins no mesh: " + disabledReason);
    }
    return stack;
  }

  /**
   * Messages delivered to this node matching {@code filter} after {@code after} (or, with none,
   * from now on), waiting up to {@code wait} for the first; a poll keeps a subscription to {@code
   * filter} alive for {@link #READER_LEASE}.
   */
  CompletableFuture<MessagesView> messages(String filter, Long after, Duration wait) {
    if (stack == null) {
      return CompletableFuture.failedFuture(
          new IllegalStateException("this node joins no mesh: " + disabledReason));
    }
    io.starling.runtime.pubsub.Topics.checkFilter(filter);
    synchronized (readers) {
      java.time.Instant now = clock.instant();
      readers
          .entrySet()
          .removeIf(
              e -> {
                if (e.getValue().expires().isBefore(now)) {
                  e.getValue().subscription().close();
                  return true;
                }
                return false;
              });
      Lease lease = readers.get(filter);
      PubSubService.Subscription sub =
          lease != null ? lease.subscription() : stack.pubsub().subscribe(filter, now, inbox::add);
      readers.put(filter, new Lease(sub, now.plus(READER_LEASE)));
    }
    long from = after == null ? inbox.last() : after;
    return inbox
        .poll(from, filter, 100, after == null ? Duration.ZERO : wait)
        .thenApply(MessagesView::of);
  }

  /** Every neighbour heard, UP or DOWN (empty if disabled). */
  List<Neighbour> neighbours() {
    return neighbours == null ? List.of() : neighbours.neighbours();
  }

  /** Sends hellos to {@code address} from now on; fails with the reason if disabled. */
  void addPeer(InetSocketAddress address) {
    if (neighbours == null) {
      throw new IllegalStateException("this node joins no mesh: " + disabledReason);
    }
    neighbours.addCandidate(address);
  }

  /** Adds a listener of neighbours coming UP and going DOWN (ignored if disabled). */
  void addListener(NeighbourListener listener) {
    if (neighbours != null) {
      neighbours.addListener(listener);
    }
  }

  /** Says goodbye (hello-bye, then mDNS goodbyes). Call before the socket and scheduler stop. */
  @Override
  public void close() {
    synchronized (readers) {
      readers.values().forEach(l -> l.subscription().close());
      readers.clear();
    }
    if (stack != null) {
      stack.close();
    }
    if (discovery != null) {
      discovery.close();
    }
    sinks.forEach(LogSink::close);
  }
}
