package io.starling.runtime.mesh;

import io.starling.runtime.identity.NodeId;
import io.starling.runtime.identity.NodeIdentity;
import io.starling.runtime.identity.SequenceCounter;
import io.starling.runtime.schedule.TaskScheduler;
import io.starling.runtime.trust.DeviceCertificate;
import io.starling.runtime.trust.EnvelopeVerifier;
import io.starling.runtime.trust.VerifyFailure;
import io.starling.runtime.wire.cose.CoseHeaders;
import io.starling.runtime.wire.cose.StarlingEnvelope;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Link-state routing: each node floods a signed {@link Advert} of its UP neighbours and their
 * costs; every node keeps the newest verified advert per origin ({@link LinkStateDb}) and computes
 * shortest paths on the links both ends report ({@link Topology}).
 *
 * <ul>
 *   <li><b>Origination.</b> {@link RoutingSettings#holdDown()} after a neighbour comes UP or goes
 *       DOWN, or a cost moves by more than a quarter, at most once per {@link
 *       RoutingSettings#minAdvertInterval()}; and every {@link RoutingSettings#refreshInterval()}
 *       (up to a tenth early, at random, so nodes started together do not refresh together).
 *   <li><b>Flooding.</b> An advert newer than the one held is verified (certificate, signature,
 *       {@code kid} = the advert's {@code node}), stored and sent on to every UP neighbour but the
 *       one it came from; relays forward one origin's adverts at most every half {@code
 *       minAdvertInterval}, holding back the newest. Duplicates and older versions are dropped
 *       before any signature check. Only UP neighbours may send adverts.
 *   <li><b>Certificates</b> travel in an advert's unprotected {@code x5chain} only to neighbours
 *       not known to hold that origin's certificate, so a refresh is about 420 bytes at five links.
 *   <li><b>Repair.</b> Every hello carries the database digest. A neighbour coming UP, or one whose
 *       digest differs for two hellos in a row, is sent a summary (origin, sequence) of the
 *       database, at most every {@link RoutingSettings#syncInterval()}; the receiver sends back
 *       every advert the summary lacks or has older. Lost floods are repaired in seconds without
 *       periodic re-flooding.
 *   <li><b>Expiry.</b> An advert not refreshed for {@link RoutingSettings#maxAge()} is dropped and
 *       its sequence number kept as a tombstone for as long again.
 * </ul>
 *
 * <p>Wire frames on channel {@value #CHANNEL}: {@code 0x01} followed by a signed advert, or {@code
 * 0x02} followed by 24-byte summary entries (16-byte origin id, 8-byte big-endian sequence).
 * Thread-safe.
 */
public final class LinkStateService implements NeighbourListener, AutoCloseable {

  /** The transport channel of adverts and summaries ({@code /mesh/advert} over CoAP). */
  public static final String CHANNEL = "advert";

  /** CoAP Content-Format of an advert's payload: application/json. */
  public static final int ADVERT_FORMAT = 50;

  static final byte ADVERT = 1;
  static final byte SUMMARY = 2;
  private static final int SUMMARY_ENTRY = NodeId.LENGTH + 8;

  /**
   * The most entries one summary carries (24 bytes each: under 8 KiB, the largest datagram over
   * CoAP). A larger database is summarised in part, which stays correct — a neighbour sends what it
   * believes is missing and the duplicates are dropped — but wastes bandwidth.
   */
  static final int MAX_SUMMARY_ENTRIES = 320;

  private static final Duration TICK = Duration.ofSeconds(1);

  private static final Logger LOG = LoggerFactory.getLogger(LinkStateService.class);

  private final NodeIdentity identity;
  private final byte[] certificate;
  private final SequenceCounter sequence;
  private final String mesh;
  private final String name;
  private final EnvelopeVerifier verifier;
  private final MeshTransport transport;
  private final TaskScheduler scheduler;
  private final Clock clock;
  private final RoutingSettings settings;
  private final NeighbourService neighbours;
  private final LinkStateDb db = new LinkStateDb();
  private final Map<NodeId, Peer> peers = new LinkedHashMap<>();
  private final Map<InetSocketAddress, NodeId> byAddress = new HashMap<>();
  private final Map<NodeId, Instant> nextForward = new HashMap<>();
  private final Set<NodeId> heldBack = new HashSet<>();
  private final Map<String, Long> rejected = new LinkedHashMap<>();
  private final Counters counters = new Counters();
  private Map<NodeId, Integer> advertised = Map.of();
  private List<String> subscriptions = List.of();
  private Instant lastOriginated = Instant.EPOCH;
  private Duration refreshDue = Duration.ZERO;
  private static final java.util.Random JITTER = new java.util.Random();
  private TaskScheduler.Cancellable originateTask;
  private TaskScheduler.Cancellable tickTask;
  private volatile long digest;
  private Topology topology;
  private Map<NodeId, Route> routes;
  private boolean closed;
  private boolean warnedLargeDb;

  /** An UP neighbour as routing sees it. */
  private static final class Peer {
    final NodeId id;
    InetSocketAddress address;
    final Set<InetSocketAddress> addresses = new HashSet<>();
    final Set<NodeId> hasCertificate = new HashSet<>();
    int cost;
    int mismatches;
    Instant lastSummary = Instant.EPOCH;

    Peer(NodeId id, InetSocketAddress address, int cost) {
      this.id = id;
      this.address = address;
      this.addresses.add(address);
      this.hasCertificate.add(id);
      this.cost = cost;
    }
  }

  private static final class Counters {
    long originated;
    long received;
    long accepted;
    long duplicates;
    long sent;
    long bytesSent;
    long summariesSent;
    long summariesReceived;
  }

  /**
   * Routing for the node {@code identity}, whose neighbours {@code neighbours} keeps.
   *
   * @param certificate this node's certificate (DER), sent with its adverts to neighbours that do
   *     not hold it yet
   * @param verifier verifies adverts; its certificate source is set to this database
   */
  public LinkStateService(
      NodeIdentity identity,
      byte[] certificate,
      SequenceCounter sequence,
      String mesh,
      String name,
      EnvelopeVerifier verifier,
      MeshTransport transport,
      TaskScheduler scheduler,
      Clock clock,
      RoutingSettings settings,
      NeighbourService neighbours) {
    this.identity = identity;
    this.certificate = certificate.clone();
    this.sequence = sequence;
    this.mesh = mesh;
    this.name = name;
    this.verifier = verifier;
    this.transport = transport;
    this.scheduler = scheduler;
    this.clock = clock;
    this.settings = settings;
    this.neighbours = neighbours;
    for (VerifyFailure f : VerifyFailure.values()) {
      rejected.put(f.name(), 0L);
    }
    for (AdvertRejection r : AdvertRejection.values()) {
      rejected.put(r.name(), 0L);
    }
    verifier.certificateSource(this::certificate);
  }

  /**
   * Registers for adverts, hooks into the neighbour service and advertises this node (with no links
   * yet). Call before {@link NeighbourService#start()}.
   */
  public synchronized void start() {
    transport.register(CHANNEL, this::receive);
    neighbours.addListener(this);
    neighbours.addHelloListener(this::hello);
    neighbours.digestSource(() -> digest);
    originate(clock.instant());
    tickTask = scheduler.schedule(TICK, this::tick);
  }

  // ---- neighbour events ----

  @Override
  public void up(Neighbour n) {
    synchronized (this) {
      if (closed) {
        return;
      }
      Peer p = new Peer(n.id(), n.address(), RouteCosts.measured(n.loss(), n.rtt()));
      peers.put(n.id(), p);
      byAddress.put(n.address(), n.id());
      invalidate();
      scheduleOriginate();
      sendSummary(p, clock.instant());
    }
  }

  @Override
  public void down(Neighbour n) {
    synchronized (this) {
      if (closed) {
        return;
      }
      Peer p = peers.remove(n.id());
      if (p != null) {
        p.addresses.forEach(byAddress::remove);
      }
      invalidate();
      scheduleOriginate();
    }
  }

  private synchronized void hello(NodeId id, InetSocketAddress address, long theirs) {
    Peer p = peers.get(id);
    if (p == null || closed) {
      return;
    }
    p.address = address;
    if (p.addresses.add(address)) {
      byAddress.put(address, id);
    }
    if (theirs == digest) {
      p.mismatches = 0;
      return;
    }
    Instant now = clock.instant();
    if (++p.mismatches >= 2 && !now.isBefore(p.lastSummary.plus(settings.syncInterval()))) {
      p.mismatches = 0;
      sendSummary(p, now);
    }
  }

  // ---- origination ----

  private void scheduleOriginate() {
    if (originateTask != null || closed) {
      return;
    }
    Instant now = clock.instant();
    Duration wait = Duration.between(now, lastOriginated.plus(settings.minAdvertInterval()));
    Duration delay = wait.compareTo(settings.holdDown()) > 0 ? wait : settings.holdDown();
    originateTask =
        scheduler.schedule(
            delay,
            () -> {
              synchronized (this) {
                originateTask = null;
                if (!closed) {
                  originate(clock.instant());
                }
              }
            });
  }

  private Map<NodeId, Integer> currentLinks() {
    Map<NodeId, Integer> links = new LinkedHashMap<>();
    for (Neighbour n : neighbours.neighbours()) {
      Peer p = peers.get(n.id());
      if (n.state() == Neighbour.State.UP && p != null) {
        p.cost = RouteCosts.measured(n.loss(), n.rtt());
        links.put(n.id(), p.cost);
      }
    }
    return links;
  }

  private void originate(Instant now) {
    Map<NodeId, Integer> links = currentLinks();
    List<Advert.Link> list = new ArrayList<>();
    links.forEach((id, cost) -> list.add(new Advert.Link(id, cost)));
    if (list.size() > Advert.MAX_LINKS) {
      list.sort(java.util.Comparator.comparingInt(Advert.Link::cost));
      list.subList(Advert.MAX_LINKS, list.size()).clear();
    }
    byte[] payload = new Advert(mesh, identity.id(), name, list, subscriptions).toJson();
    long seq;
    try {
      seq = sequence.next();
    } catch (IOException e) {
      LOG.warn("cannot reserve a sequence number for an advert: {}", e.getMessage());
      return;
    }
    byte[] full =
        StarlingEnvelope.sign(identity, seq, now, ADVERT_FORMAT, payload, Optional.of(certificate));
    LinkStateDb.Entry entry =
        new LinkStateDb.Entry(
            identity.id(), seq, Advert.parse(payload), strip(full), full, null, now);
    db.put(entry);
    digest = db.digest();
    advertised = links;
    lastOriginated = now;
    // Up to a tenth early, at random: nodes started together do not refresh in one burst.
    refreshDue =
        settings
            .refreshInterval()
            .minusMillis((long) (JITTER.nextDouble() * settings.refreshInterval().toMillis() / 10));
    counters.originated++;
    invalidate();
    LOG.debug("advert {} with {} links", seq, links.size());
    flood(entry, null, now);
  }

  // ---- timers ----

  private void tick() {
    synchronized (this) {
      if (closed) {
        return;
      }
      Instant now = clock.instant();
      List<NodeId> dropped =
          db.expire(now.minus(settings.maxAge()), now, now.plus(settings.maxAge()), identity.id());
      if (!dropped.isEmpty()) {
        digest = db.digest();
        invalidate();
        LOG.debug("adverts of {} expired", dropped);
      }
      if (!now.isBefore(lastOriginated.plus(refreshDue))) {
        if (originateTask == null) {
          originate(now);
        }
      } else if (linksChanged(currentLinks())) {
        scheduleOriginate();
      }
      tickTask = scheduler.schedule(TICK, this::tick);
    }
  }

  private boolean linksChanged(Map<NodeId, Integer> now) {
    if (!now.keySet().equals(advertised.keySet())) {
      return true;
    }
    for (Map.Entry<NodeId, Integer> e : now.entrySet()) {
      if (RouteCosts.significant(advertised.get(e.getKey()), e.getValue())) {
        return true;
      }
    }
    return false;
  }

  // ---- receiving ----

  private void receive(InetSocketAddress from, byte[] frame) {
    synchronized (this) {
      if (closed) {
        return;
      }
      NodeId sender = byAddress.get(from);
      Peer p = sender == null ? null : peers.get(sender);
      if (p == null) {
        count(AdvertRejection.NOT_A_NEIGHBOUR.name(), from, "not an UP neighbour");
        return;
      }
      if (frame.length < 1) {
        count(AdvertRejection.MALFORMED_ADVERT.name(), from, "empty frame");
        return;
      }
      byte[] body = java.util.Arrays.copyOfRange(frame, 1, frame.length);
      switch (frame[0]) {
        case ADVERT -> advert(p, from, body);
        case SUMMARY -> summary(p, from, body);
        default ->
            count(AdvertRejection.MALFORMED_ADVERT.name(), from, "unknown frame type " + frame[0]);
      }
    }
  }

  private void advert(Peer p, InetSocketAddress from, byte[] message) {
    counters.received++;
    StarlingEnvelope.OpenResult opened = StarlingEnvelope.open(message);
    if (opened instanceof StarlingEnvelope.Malformed m) {
      count(VerifyFailure.MALFORMED.name(), from, m.reason());
      return;
    }
    StarlingEnvelope envelope = ((StarlingEnvelope.Opened) opened).envelope();
    NodeId origin = envelope.kid();
    if (origin.equals(identity.id())) {
      counters.duplicates++; // our own advert coming back round
      return;
    }
    long known = db.seq(origin);
    if (envelope.seq() <= known) {
      LinkStateDb.Entry held = db.get(origin);
      if (held != null && held.seq == envelope.seq()) {
        counters.duplicates++;
        p.hasCertificate.add(origin);
      } else {
        count(AdvertRejection.OUTDATED.name(), from, "sequence " + envelope.seq() + " <= " + known);
      }
      return;
    }
    EnvelopeVerifier.Result result = verifier.verify(message);
    if (result instanceof EnvelopeVerifier.Failed f) {
      count(f.reason().name(), from, f.detail());
      return;
    }
    EnvelopeVerifier.Verified v = (EnvelopeVerifier.Verified) result;
    Advert advert;
    try {
      advert = Advert.parse(envelope.payload());
    } catch (IllegalArgumentException e) {
      count(AdvertRejection.MALFORMED_ADVERT.name(), from, e.getMessage());
      return;
    }
    if (!advert.node().equals(origin)) {
      count(
          AdvertRejection.FORGED.name(),
          from,
          v.identity().name() + " (" + origin + ") signed links for " + advert.node());
      return;
    }
    if (!advert.mesh().equals(mesh)) {
      count(
          AdvertRejection.OTHER_MESH.name(), from, advert.name() + " is in mesh " + advert.mesh());
      return;
    }
    Instant now = clock.instant();
    byte[] lean = envelope.certificate().isPresent() ? strip(message) : message;
    byte[] full = envelope.certificate().isPresent() ? message : withCertificate(message, v);
    LinkStateDb.Entry entry =
        new LinkStateDb.Entry(origin, envelope.seq(), advert, lean, full, v.certificate(), now);
    db.put(entry);
    digest = db.digest();
    counters.accepted++;
    p.hasCertificate.add(origin);
    invalidate();
    flood(entry, p.id, now);
  }

  private void summary(Peer p, InetSocketAddress from, byte[] body) {
    if (body.length % SUMMARY_ENTRY != 0 || body.length / SUMMARY_ENTRY > 4 * MAX_SUMMARY_ENTRIES) {
      count(AdvertRejection.MALFORMED_ADVERT.name(), from, "summary of " + body.length + " bytes");
      return;
    }
    counters.summariesReceived++;
    Map<NodeId, Long> theirs = new HashMap<>();
    ByteBuffer in = ByteBuffer.wrap(body);
    byte[] id = new byte[NodeId.LENGTH];
    while (in.hasRemaining()) {
      in.get(id);
      NodeId origin = NodeId.fromBytes(id);
      theirs.put(origin, in.getLong());
      p.hasCertificate.add(origin);
    }
    Instant now = clock.instant();
    boolean theyKnowMore = false;
    for (Map.Entry<NodeId, Long> e : theirs.entrySet()) {
      if (e.getValue() > db.seq(e.getKey())) {
        theyKnowMore = true;
      }
    }
    for (LinkStateDb.Entry e : db.entries()) {
      Long seq = theirs.get(e.origin);
      if (seq == null) {
        send(p, e, true);
      } else if (seq < e.seq) {
        send(p, e, false);
      }
    }
    if (theyKnowMore && !now.isBefore(p.lastSummary.plus(settings.syncInterval().dividedBy(8)))) {
      sendSummary(p, now);
    }
  }

  // ---- sending ----

  private void flood(LinkStateDb.Entry entry, NodeId except, Instant now) {
    Instant allowed = nextForward.get(entry.origin);
    if (allowed != null && now.isBefore(allowed)) {
      if (heldBack.add(entry.origin)) {
        scheduler.schedule(Duration.between(now, allowed), () -> releaseHeldBack(entry.origin));
      }
      return;
    }
    nextForward.put(entry.origin, now.plus(settings.minAdvertInterval().dividedBy(2)));
    for (Peer p : peers.values()) {
      if (!p.id.equals(except) && !p.id.equals(entry.origin)) {
        send(p, entry, !p.hasCertificate.contains(entry.origin));
      }
    }
  }

  private void releaseHeldBack(NodeId origin) {
    synchronized (this) {
      heldBack.remove(origin);
      LinkStateDb.Entry latest = db.get(origin);
      if (latest != null && !closed) {
        flood(latest, null, clock.instant());
      }
    }
  }

  private void send(Peer p, LinkStateDb.Entry e, boolean withCertificate) {
    byte[] message = withCertificate ? e.full : e.lean;
    byte[] frame = new byte[message.length + 1];
    frame[0] = ADVERT;
    System.arraycopy(message, 0, frame, 1, message.length);
    transport.send(p.address, CHANNEL, frame);
    p.hasCertificate.add(e.origin);
    counters.sent++;
    counters.bytesSent += frame.length;
  }

  private void sendSummary(Peer p, Instant now) {
    List<LinkStateDb.Entry> entries = db.entries();
    if (entries.size() > MAX_SUMMARY_ENTRIES) {
      if (!warnedLargeDb) {
        warnedLargeDb = true;
        LOG.warn(
            "{} nodes in the mesh: summaries carry the first {} only (docs/PROTOCOL.md, limits)",
            entries.size(),
            MAX_SUMMARY_ENTRIES);
      }
      entries = entries.subList(0, MAX_SUMMARY_ENTRIES);
    }
    ByteBuffer out = ByteBuffer.allocate(1 + entries.size() * SUMMARY_ENTRY);
    out.put(SUMMARY);
    for (LinkStateDb.Entry e : entries) {
      out.put(e.origin.bytes());
      out.putLong(e.seq);
    }
    transport.send(p.address, CHANNEL, out.array());
    p.lastSummary = now;
    counters.summariesSent++;
    counters.bytesSent += out.capacity();
  }

  private static byte[] strip(byte[] message) {
    StarlingEnvelope.Opened o = (StarlingEnvelope.Opened) StarlingEnvelope.open(message);
    return o.message().withUnprotected(CoseHeaders.empty()).encode(true);
  }

  private static byte[] withCertificate(byte[] message, EnvelopeVerifier.Verified v) {
    StarlingEnvelope.Opened o = (StarlingEnvelope.Opened) StarlingEnvelope.open(message);
    CoseHeaders x5chain =
        CoseHeaders.builder().put(CoseHeaders.X5CHAIN, v.certificate().der()).build();
    return o.message().withUnprotected(x5chain).encode(true);
  }

  private void count(String reason, InetSocketAddress from, String detail) {
    long n = rejected.merge(reason, 1L, Long::sum);
    if (reason.equals(AdvertRejection.FORGED.name())) {
      if (n == 1 || n % 100 == 0) {
        LOG.warn("forged advert from {} refused: {}; {} so far", from, detail, n);
      }
    } else if (n == 1 || LOG.isTraceEnabled()) {
      LOG.debug("advert from {} refused: {} ({}); {} so far", from, reason, detail, n);
    }
  }

  // ---- routes ----

  private void invalidate() {
    topology = null;
    routes = null;
  }

  /** The mesh as this node sees it now. */
  public synchronized Topology topology() {
    if (topology == null) {
      Map<NodeId, String> names = new HashMap<>();
      Map<NodeId, Map<NodeId, Integer>> reports = new HashMap<>();
      Map<NodeId, List<String>> subs = new HashMap<>();
      for (LinkStateDb.Entry e : db.entries()) {
        if (!e.advert.subscriptions().isEmpty()) {
          subs.put(e.origin, e.advert.subscriptions());
        }
        names.put(e.origin, e.certificate == null ? e.advert.name() : e.certificate.name());
        Map<NodeId, Integer> links = new HashMap<>();
        e.advert.links().forEach(l -> links.put(l.id(), l.cost()));
        reports.put(e.origin, links);
      }
      // Our own links are our live neighbours, not our last advert: a neighbour that went DOWN
      // stops carrying traffic at once, before the new advert goes out.
      Map<NodeId, Integer> own = new HashMap<>();
      peers.values().forEach(p -> own.put(p.id, advertised.getOrDefault(p.id, p.cost)));
      reports.put(identity.id(), own);
      names.put(identity.id(), name);
      if (!subscriptions.isEmpty()) {
        subs.put(identity.id(), subscriptions);
      }
      topology = Topology.of(identity.id(), names, reports, subs);
    }
    return topology;
  }

  /** Shortest paths from this node to every node it can reach, by destination. */
  public synchronized Map<NodeId, Route> routes() {
    if (routes == null) {
      routes = topology().routes();
    }
    return routes;
  }

  /** Where to send a message for {@code destination} next: the UP neighbour on its route. */
  public synchronized Optional<InetSocketAddress> nextHop(NodeId destination) {
    Route r = routes().get(destination);
    if (r == null) {
      return Optional.empty();
    }
    Peer p = peers.get(r.via());
    return p == null ? Optional.empty() : Optional.of(p.address);
  }

  /** The UP neighbour that sends from {@code address}, if any. */
  public synchronized Optional<NodeId> neighbourAt(InetSocketAddress address) {
    return Optional.ofNullable(byAddress.get(address)).filter(peers::containsKey);
  }

  /** The verified certificate of {@code origin}, if its advert is held. */
  public synchronized Optional<DeviceCertificate> certificate(NodeId origin) {
    LinkStateDb.Entry e = db.get(origin);
    return e == null ? Optional.empty() : Optional.ofNullable(e.certificate);
  }

  /**
   * Sets the topic filters this node subscribes to; a change is advertised at once (after the
   * hold-down), so publishers start or stop sending toward this node.
   */
  public synchronized void subscriptions(java.util.Collection<String> filters) {
    List<String> sorted = filters.stream().distinct().sorted().toList();
    if (!sorted.equals(subscriptions)) {
      subscriptions = sorted;
      scheduleOriginate();
    }
  }

  /**
   * The nodes other than this one that this node can reach and whose advertised filters match
   * {@code topic}.
   */
  public synchronized Set<NodeId> subscribers(String topic) {
    Map<NodeId, Route> reachable = routes();
    Set<NodeId> out = new java.util.LinkedHashSet<>();
    for (LinkStateDb.Entry e : db.entries()) {
      if (e.origin.equals(identity.id()) || !reachable.containsKey(e.origin)) {
        continue;
      }
      for (String filter : e.advert.subscriptions()) {
        if (io.starling.runtime.pubsub.Topics.matches(filter, topic)) {
          out.add(e.origin);
          break;
        }
      }
    }
    return out;
  }

  /** The name of {@code id} from its certificate or advert, if its advert is held. */
  public synchronized Optional<String> nameOf(NodeId id) {
    if (id.equals(identity.id())) {
      return Optional.of(name);
    }
    LinkStateDb.Entry e = db.get(id);
    if (e == null) {
      return Optional.empty();
    }
    return Optional.of(e.certificate == null ? e.advert.name() : e.certificate.name());
  }

  /** The database digest (as sent in hellos). */
  public long digest() {
    return digest;
  }

  /** The counters, as {@code /mesh/stats} serves them. */
  public synchronized RoutingStats stats() {
    return new RoutingStats(
        db.size(),
        counters.originated,
        counters.received,
        counters.accepted,
        counters.duplicates,
        counters.sent,
        counters.bytesSent,
        counters.summariesSent,
        counters.summariesReceived,
        new LinkedHashMap<>(rejected));
  }

  /** Stops advertising. Neighbours notice through hellos (a goodbye) and advertise the loss. */
  @Override
  public synchronized void close() {
    closed = true;
    if (tickTask != null) {
      tickTask.cancel();
    }
    if (originateTask != null) {
      originateTask.cancel();
    }
  }
}
