package io.starling.runtime.node;

import io.starling.runtime.command.CommandService;
import io.starling.runtime.discovery.DiscoverySettings;
import io.starling.runtime.driver.ActuatorChannel;
import io.starling.runtime.driver.Backoff;
import io.starling.runtime.driver.DriverRegistry;
import io.starling.runtime.driver.Health;
import io.starling.runtime.driver.RuntimeDriverContext;
import io.starling.runtime.driver.SensorChannel;
import io.starling.runtime.driver.SensorSampler;
import io.starling.runtime.driver.internal.Pi4jHardware;
import io.starling.runtime.driver.spi.ActuatorDriverFactory;
import io.starling.runtime.driver.spi.Hardware;
import io.starling.runtime.driver.spi.SensorDriverFactory;
import io.starling.runtime.identity.KeyFileException;
import io.starling.runtime.identity.KeyFiles;
import io.starling.runtime.identity.NodeId;
import io.starling.runtime.identity.NodeIdentity;
import io.starling.runtime.identity.SequenceCounter;
import io.starling.runtime.mesh.Neighbour;
import io.starling.runtime.mesh.NeighbourListener;
import io.starling.runtime.mesh.NeighbourSettings;
import io.starling.runtime.mesh.RoutingSettings;
import io.starling.runtime.profile.ActuatorSpec;
import io.starling.runtime.profile.Profile;
import io.starling.runtime.profile.SensorSpec;
import io.starling.runtime.schedule.ExecutorScheduler;
import io.starling.runtime.schedule.TaskScheduler;
import io.starling.runtime.transport.internal.CoapFace;
import io.starling.runtime.transport.internal.FaceServices;
import io.starling.runtime.trust.DeviceCertificate;
import io.starling.runtime.trust.TrustStore;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Starling node: its identity, its sensors and actuators, and its CoAP face. Build one from a
 * validated {@link Profile}, {@link #start()} it, and {@link #close()} it to leave cleanly.
 *
 * <pre>{@code
 * Profile profile = new ProfileLoader(DriverRegistry.fromServiceLoader(loader), stateRoot)
 *     .load(Path.of("greenhouse.yaml"));
 * try (StarlingNode node = StarlingNode.builder(profile).build().start()) {
 *   node.sensor("air").orElseThrow().addListener(sample -> ...);
 * }
 * }</pre>
 */
public final class StarlingNode implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(StarlingNode.class);

  private final Profile profile;
  private final DriverRegistry drivers;
  private final Clock clock;
  private final SecureRandom random;
  private final Hardware hardware;
  private final AutoCloseable ownedHardware;
  private final Backoff backoff;
  private final InetSocketAddress bind;
  private final NeighbourSettings neighbourSettings;
  private final RoutingSettings routingSettings;
  private final DiscoverySettings discoverySettings;

  private final Object lock = new Object();
  private final Map<String, SensorChannel> sensors = new LinkedHashMap<>();
  private final Map<String, ActuatorChannel> actuators = new LinkedHashMap<>();
  private final List<SensorSampler> samplers = new ArrayList<>();
  private NodeIdentity identity;
  private NodeThreads threads;
  private CoapFace coap;
  private CommandService commands;
  private Optional<byte[]> certificateDer = Optional.empty();
  private TaskScheduler timers;
  private Automations automations;
  private MeshMembership mesh;
  private Instant startedAt;
  private boolean started;
  private boolean closed;

  private StarlingNode(Builder b) {
    this.profile = b.profile;
    this.drivers = b.drivers;
    this.clock = b.clock;
    this.random = b.random;
    if (b.hardware != null) {
      this.hardware = b.hardware;
      this.ownedHardware = null;
    } else {
      Pi4jHardware pi4j = new Pi4jHardware(Pi4jHardware.Platform.AUTO);
      this.hardware = pi4j;
      this.ownedHardware = pi4j;
    }
    this.backoff = b.backoff;
    this.bind =
        new InetSocketAddress(
            b.bindAddress != null ? b.bindAddress : profile.network().bind(),
            b.port != null ? b.port : profile.network().port());
    this.neighbourSettings = b.neighbourSettings;
    this.routingSettings = b.routingSettings;
    this.discoverySettings = b.discoverySettings;
    Instant created = clock.instant();
    for (SensorSpec spec : profile.sensors()) {
      sensors.put(spec.name(), new SensorChannel(spec, created));
    }
  }

  /** A builder for a node running {@code profile}. */
  public static Builder builder(Profile profile) {
    return new Builder(profile);
  }

  /**
   * Loads (or creates) the node key, opens the drivers, binds CoAP and starts sampling. A driver
   * that fails to open does not stop the start: its sensor is marked failing and retried.
   *
   * @return this node
   * @throws NodeStartException if the key cannot be used or the CoAP address cannot be bound;
   *     everything opened so far is closed again
   */
  public StarlingNode start() throws NodeStartException {
    synchronized (lock) {
      if (started) {
        throw new IllegalStateException("node " + profile.node().name() + " is already started");
      }
      started = true;
      try {
        startLocked();
      } catch (NodeStartException | RuntimeException e) {
        closeLocked();
        throw e;
      }
    }
    return this;
  }

  private void startLocked() throws NodeStartException {
    KeyFiles.Loaded key;
    try {
      key = KeyFiles.loadOrCreate(profile.security().key(), random);
    } catch (KeyFileException e) {
      throw new NodeStartException(e.getMessage(), e);
    }
    identity = key.identity();
    if (key.created()) {
      LOG.info("created node key {} (node id {})", profile.security().key(), identity.id());
    }
    startedAt = clock.instant();
    Path dataDir = profile.node().dataDir();
    NodeSecurity security = NodeSecurity.open(profile, identity, clock);
    SequenceCounter sequence = security.sequence();
    Optional<DeviceCertificate> certificate = security.certificate();
    TrustStore trust = security.trust();
    threads = new NodeThreads(profile.node().name());
    TaskScheduler scheduler = new ExecutorScheduler(threads.timer);
    this.timers = scheduler;

    for (SensorSpec spec : profile.sensors()) {
      SensorDriverFactory factory =
          drivers.sensor(spec.driver()).orElseThrow(() -> unknown(spec.driver()));
      SensorChannel channel = sensors.get(spec.name());
      RuntimeDriverContext context =
          RuntimeDriverContext.of(spec.driver(), spec.name(), spec.config(), clock, hardware);
      samplers.add(new SensorSampler(channel, factory, context, scheduler, clock, backoff));
    }
    for (ActuatorSpec spec : profile.actuators()) {
      ActuatorDriverFactory factory =
          drivers.actuator(spec.driver()).orElseThrow(() -> unknown(spec.driver()));
      RuntimeDriverContext context =
          RuntimeDriverContext.of(spec.driver(), spec.name(), spec.config(), clock, hardware);
      actuators.put(
          spec.name(), new ActuatorChannel(spec, factory, context, scheduler, clock, backoff));
    }

    try {
      commands =
          new CommandService(
              identity.id(),
              profile.node().name(),
              actuators,
              trust,
              dataDir.resolve("replay-floors"),
              clock);
    } catch (IOException e) {
      throw new NodeStartException(
          "cannot read replay floors in " + dataDir + ": " + e.getMessage(), e);
    }
    Optional<byte[]> certificateDer = certificate.map(DeviceCertificate::der);
    this.certificateDer = certificateDer;
    SignedReadings signed = new SignedReadings(identity, sequence, certificateDer);
    FaceServices services =
        new FaceServices(
            this::status,
            signed::sign,
            commands,
            certificateDer,
            this::stats,
            this::peers,
            this::routes,
            this::topology,
            (target, timeout) -> mesh().ping(target, timeout),
            (filter, after, wait) -> mesh().messages(filter, after, wait),
            new OperatorPublish(trust, clock, (topic, cf, body) -> mesh().publish(topic, cf, body)),
            (to, envelope, timeout) -> mesh().routeCommand(to, envelope, timeout));
    coap =
        new CoapFace(
            bind,
            profile.node().name(),
            List.copyOf(sensors.values()),
            List.copyOf(actuators.values()),
            services,
            clock,
            threads.protocol,
            threads.timer);
    try {
      coap.start();
    } catch (IOException e) {
      throw new NodeStartException(e.getMessage(), e);
    }
    try {
      mesh =
          MeshMembership.join(
              profile,
              identity,
              certificateDer,
              trust,
              sequence,
              coap,
              bind.getPort(),
              scheduler,
              clock,
              neighbourSettings,
              routingSettings,
              discoverySettings);
    } catch (IOException e) {
      coap.close();
      throw new NodeStartException(
          "cannot open the mesh state in " + profile.node().dataDir() + ": " + e.getMessage(), e);
    }
    sensors.values().forEach(mesh::publishSamples);
    mesh.enableCommands(commands);
    if (!profile.automations().isEmpty() && mesh.stack().isEmpty()) {
      LOG.warn(
          "{} automations not started: they need the mesh, which this node does not join",
          profile.automations().size());
    } else if (!profile.automations().isEmpty()) {
      automations =
          new Automations(
              profile.automations(),
              (node, actuator, value) -> command(node, actuator, value, Automations.timeout()));
      for (var spec : automations.specs()) {
        mesh.subscribe(spec.filter(), automations.listener(spec));
      }
    }
    actuators.values().forEach(ActuatorChannel::start);
    samplers.forEach(SensorSampler::start);
    LOG.info(
        "node {} ({}) in mesh {} serving CoAP on {}",
        identity.id(),
        profile.node().name(),
        profile.node().mesh(),
        coap.address());
  }

  /** The node's neighbours, as {@code /mesh/peers} serves them. */
  public PeersView peers() {
    return mesh().peers();
  }

  /**
   * Publishes {@code body} on {@code topic}, signed by this node: it is logged (so subscribers that
   * miss it can fetch it) and sent to every node whose subscriptions match, along the shortest-path
   * tree.
   *
   * @param contentFormat the body's CoAP Content-Format, e.g. {@link
   *     io.starling.runtime.wire.SenmlCodec#CONTENT_FORMAT_CBOR} for SenML CBOR
   * @return the message's number in this node's stream of {@code topic}
   * @throws IOException if the log or the sequence counter cannot be written
   * @throws IllegalStateException if the node joins no mesh or is not started
   */
  public long publish(String topic, int contentFormat, byte[] body) throws IOException {
    return mesh().publish(topic, contentFormat, body);
  }

  /**
   * Publishes readings on {@code topic} as SenML CBOR (base name {@code <topic>/}).
   *
   * @see #publish(String, int, byte[])
   */
  public long publish(String topic, List<io.starling.runtime.driver.spi.Reading> readings)
      throws IOException {
    return publish(
        topic,
        io.starling.runtime.wire.SenmlCodec.CONTENT_FORMAT_CBOR,
        io.starling.runtime.wire.SenmlCodec.toCbor(topic + "/", readings));
  }

  /**
   * Subscribes to {@code filter} (MQTT-style, {@code +} and {@code #}): every message published
   * from now on whose topic matches reaches {@code listener} once, in order per origin and topic,
   * verified against its origin's signature — across relays, partitions and restarts of either end.
   * The listener runs on the mesh's thread and must not block. Close the subscription to stop.
   *
   * @throws IllegalArgumentException if the filter is malformed
   * @throws IllegalStateException if the node joins no mesh or is not started
   */
  public io.starling.runtime.pubsub.PubSubService.Subscription subscribe(
      String filter, java.util.function.Consumer<io.starling.runtime.pubsub.Delivery> listener) {
    return mesh().subscribe(filter, listener);
  }

  /**
   * Commands {@code actuator} on {@code target} (a node id, or a name only one node has), anywhere
   * in the mesh, signed by this node: routed hop by hop, authorised at the target by the actuator's
   * {@code allow} groups (this node's certificate groups), applied once, and answered. A command
   * that gets no answer is sent again every {@code timeout / 4} (new signature, same idempotency
   * id) until {@code timeout}. Never completes exceptionally.
   */
  public java.util.concurrent.CompletableFuture<CommandReply> command(
      String target,
      String actuator,
      io.starling.runtime.driver.spi.Value value,
      Duration timeout) {
    return new NodeCommand(mesh(), certificateDer, timers, clock)
        .run(target, actuator, value, timeout);
  }

  /** The node's routes to every node it can reach, as {@code /mesh/routes} serves them. */
  public RoutingView routes() {
    return mesh().routes();
  }

  /** The mesh as this node sees it, as {@code /mesh/topology} serves it. */
  public TopologyView topology() {
    return mesh().topology();
  }

  /**
   * Pings {@code target} — a node id, or a name only one node of the mesh has — end to end: the
   * ping and its answer are each signed by their origin and routed hop by hop. Completes with the
   * outcome (never exceptionally).
   */
  public java.util.concurrent.CompletableFuture<PingView> ping(String target, Duration timeout) {
    return mesh().ping(target, timeout);
  }

  /** Every neighbour this node has heard, UP or DOWN (empty if it joins no mesh). */
  public List<Neighbour> neighbours() {
    return mesh().neighbours();
  }

  /**
   * Sends hellos to {@code address} from now on, as for a static peer of the profile.
   *
   * @throws IllegalStateException if the node joins no mesh (not enrolled) or is not started
   */
  public void addPeer(InetSocketAddress address) {
    mesh().addPeer(address);
  }

  /** Adds a listener told of neighbours coming UP and going DOWN. */
  public void addNeighbourListener(NeighbourListener listener) {
    mesh().addListener(listener);
  }

  private MeshMembership mesh() {
    synchronized (lock) {
      if (mesh == null) {
        throw new IllegalStateException("node " + profile.node().name() + " is not started");
      }
      return mesh;
    }
  }

  /** The node's counters, as {@code /mesh/stats} serves them. */
  public NodeStats stats() {
    CommandService c;
    synchronized (lock) {
      c = commands;
    }
    if (c == null) {
      throw new IllegalStateException("node " + profile.node().name() + " is not started");
    }
    Map<String, Long> rejected = new LinkedHashMap<>();
    c.stats().rejectedCounts().forEach((reason, n) -> rejected.put(reason.name(), n));
    var stack = mesh().stack();
    return new NodeStats(
        new NodeStats.Commands(c.stats().acceptedCount(), c.stats().duplicateCount(), rejected),
        stack.map(m -> m.linkState().stats()).orElse(null),
        stack.map(m -> m.router().stats()).orElse(null),
        stack.map(m -> m.pubsub().stats()).orElse(null),
        automations == null ? Map.of() : automations.stats());
  }

  private static IllegalStateException unknown(String type) {
    // The profile loader rejects unknown driver types; reaching this means the registry changed.
    return new IllegalStateException("no driver of type '" + type + "' is installed");
  }

  /** The node id. Available once started. */
  public NodeId id() {
    return requireStarted().id();
  }

  /** The node's profile. */
  public Profile profile() {
    return profile;
  }

  /** The address CoAP is bound to (with the real port if the profile asked for 0). */
  public InetSocketAddress coapAddress() {
    requireStarted();
    return coap.address();
  }

  /**
   * The sensor of this name, if the profile has it. Available from {@link Builder#build()}, so
   * listeners added before {@link #start()} see the very first sample.
   */
  public Optional<SensorChannel> sensor(String name) {
    synchronized (lock) {
      return Optional.ofNullable(sensors.get(name));
    }
  }

  /** The actuator of this name, if the profile has it. */
  public Optional<ActuatorChannel> actuator(String name) {
    synchronized (lock) {
      return Optional.ofNullable(actuators.get(name));
    }
  }

  /** The node's status, as {@code /mesh/node} serves it. */
  public NodeStatus status() {
    NodeIdentity id = requireStarted();
    List<NodeStatus.Component> s;
    List<NodeStatus.Component> a;
    synchronized (lock) {
      s = sensors.values().stream().map(c -> component(c.name(), c.health())).toList();
      a = actuators.values().stream().map(c -> component(c.name(), c.health())).toList();
    }
    return new NodeStatus(
        id.id().toString(),
        profile.node().name(),
        profile.node().mesh(),
        StarlingVersion.get(),
        Duration.between(startedAt, clock.instant()).toSeconds(),
        id.publicKeyText(),
        s,
        a);
  }

  private static NodeStatus.Component component(String name, Health h) {
    return new NodeStatus.Component(name, h.state().name(), h.since().toString(), h.error());
  }

  private NodeIdentity requireStarted() {
    NodeIdentity id = identity;
    if (id == null) {
      throw new IllegalStateException("node " + profile.node().name() + " is not started");
    }
    return id;
  }

  /**
   * Leaves cleanly: stops sampling, closes drivers (actuators go to their safe state), closes the
   * socket and stops the node's threads. Returns within about a second.
   */
  @Override
  public void close() {
    synchronized (lock) {
      closeLocked();
    }
  }

  private void closeLocked() {
    if (closed) {
      return;
    }
    closed = true;
    if (mesh != null) {
      mesh.close(); // goodbyes go out before the socket and the scheduler stop
    }
    samplers.forEach(SensorSampler::close);
    actuators.values().forEach(ActuatorChannel::close);
    if (coap != null) {
      coap.close();
    }
    if (threads != null) {
      threads.shutdown(1000);
    }
    if (ownedHardware != null) {
      try {
        ownedHardware.close();
      } catch (Exception e) {
        LOG.warn("hardware did not close cleanly: {}", e.getMessage());
      }
    }
    if (identity != null) {
      LOG.info("node {} ({}) stopped", identity.id(), profile.node().name());
    }
  }

  /** Builds a {@link StarlingNode}. Every setting but the profile has a default. */
  public static final class Builder {
    private final Profile profile;
    private DriverRegistry drivers;
    private Clock clock = Clock.systemUTC();
    private SecureRandom random;
    private Hardware hardware;
    private Backoff backoff = Backoff.DEFAULT;
    private NeighbourSettings neighbourSettings = NeighbourSettings.lan();
    private RoutingSettings routingSettings = RoutingSettings.lan();
    private DiscoverySettings discoverySettings = DiscoverySettings.lan();
    private String bindAddress;
    private Integer port;

    private Builder(Profile profile) {
      this.profile = Objects.requireNonNull(profile, "profile");
    }

    /** The drivers to use; default: those on the class path (ServiceLoader). */
    public Builder drivers(DriverRegistry drivers) {
      this.drivers = Objects.requireNonNull(drivers);
      return this;
    }

    /** The clock for timestamps; default the system clock in UTC. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock);
      return this;
    }

    /** The random source for key generation; default a strong {@link SecureRandom}. */
    public Builder random(SecureRandom random) {
      this.random = Objects.requireNonNull(random);
      return this;
    }

    /**
     * Hardware access for drivers; default the node's own Pi4J context (Pi4J's platform detection),
     * created on first use and closed with the node.
     */
    public Builder hardware(Hardware hardware) {
      this.hardware = Objects.requireNonNull(hardware);
      return this;
    }

    /** Back-off for failing drivers; default 1 s doubling to 5 min. */
    public Builder backoff(Backoff backoff) {
      this.backoff = Objects.requireNonNull(backoff);
      return this;
    }

    /** Timers of link-state routing; default {@link RoutingSettings#lan()}. */
    public Builder routing(RoutingSettings settings) {
      this.routingSettings = Objects.requireNonNull(settings);
      return this;
    }

    /** Timers of the neighbour protocol; default {@link NeighbourSettings#lan()}. */
    public Builder neighbours(NeighbourSettings settings) {
      this.neighbourSettings = Objects.requireNonNull(settings);
      return this;
    }

    /**
     * DNS-SD over mDNS for enrolled nodes whose profile leaves {@code network.discovery} on;
     * default {@link DiscoverySettings#lan()}.
     */
    public Builder discovery(DiscoverySettings settings) {
      this.discoverySettings = Objects.requireNonNull(settings);
      return this;
    }

    /** No mDNS at all, whatever the profile says: static peers only (tests, embedding). */
    public Builder withoutDiscovery() {
      this.discoverySettings = null;
      return this;
    }

    /** Overrides the profile's {@code network.bind} address. */
    public Builder bindAddress(String address) {
      this.bindAddress = Objects.requireNonNull(address);
      return this;
    }

    /** Overrides the profile's {@code network.port} (0 picks a free port). */
    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port " + port + " is out of range [0, 65535]");
      }
      this.port = port;
      return this;
    }

    /** The node, not yet started. */
    public StarlingNode build() {
      if (drivers == null) {
        drivers = DriverRegistry.fromServiceLoader(StarlingNode.class.getClassLoader());
      }
      if (random == null) {
        random = new SecureRandom();
      }
      return new StarlingNode(this);
    }
  }
}
