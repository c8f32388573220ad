package io.starling.runtime.mesh;

import io.starling.runtime.identity.NodeId;
import io.starling.runtime.identity.NodeIdentity;
import io.starling.runtime.identity.SequenceCounter;
import io.starling.runtime.schedule.TaskScheduler;
import io.starling.runtime.trust.EnvelopeVerifier;
import io.starling.runtime.trust.VerifyFailure;
import io.starling.runtime.wire.cose.StarlingEnvelope;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps this node's neighbours: every {@link NeighbourSettings#helloInterval()} it sends a signed
 * hello to each candidate address (static peers, discovered peers) and each UP neighbour; it admits
 * a sender as a neighbour only when its hello verifies ({@link EnvelopeVerifier}: mesh certificate,
 * signature, fresh sequence number) and names this node's mesh. Non-members are counted by reason
 * and never become neighbours.
 *
 * <p>A hello carries the sender's certificate ({@code x5chain}) until the receiver has echoed one
 * of the sender's hellos — proof that it verified and cached the certificate — and is 211 bytes
 * plus about 55 per neighbour echoed after that. Echoes also give each side the round-trip time. On
 * {@link #close()} the node says goodbye, so neighbours mark it DOWN at once.
 */
public final class NeighbourService implements AutoCloseable {

  /** The transport channel of hellos ({@code /mesh/hello} over CoAP). */
  public static final String CHANNEL = "hello";

  private static final Logger LOG = LoggerFactory.getLogger(NeighbourService.class);
  private static final int SENT_TIMES = 64;

  private final NodeIdentity identity;
  private final Optional<byte[]> certificate;
  private final SequenceCounter sequence;
  private final String mesh;
  private final String name;
  private final int port;
  private final EnvelopeVerifier verifier;
  private final MeshTransport transport;
  private final TaskScheduler scheduler;
  private final Clock clock;
  private final NeighbourSettings settings;
  private final NeighbourTable table;
  private final Set<InetSocketAddress> candidates = new LinkedHashSet<>();
  private final List<NeighbourListener> listeners = new CopyOnWriteArrayList<>();
  private final List<HelloListener> helloListeners = new CopyOnWriteArrayList<>();
  private volatile LongSupplier digest = () -> 0L;
  private final Map<String, Long> rejected = new LinkedHashMap<>();
  private final Deque<long[]> sentTimes = new ArrayDeque<>(); // {hello number, epoch ms}
  private InetSocketAddress group;
  private int groupHellos;
  private TaskScheduler.Cancellable timer;
  private long helloNumber;
  private boolean closed;

  /**
   * @param verifier verifies hellos; {@code null} if this node has no trust configured (then every
   *     hello is refused and counted as {@link HelloRejection#NO_TRUST_CONFIGURED})
   */
  public NeighbourService(
      NodeIdentity identity,
      Optional<byte[]> certificate,
      SequenceCounter sequence,
      String mesh,
      String name,
      int port,
      EnvelopeVerifier verifier,
      MeshTransport transport,
      TaskScheduler scheduler,
      Clock clock,
      NeighbourSettings settings) {
    this.identity = identity;
    this.certificate = certificate;
    this.sequence = sequence;
    this.mesh = mesh;
    this.name = name;
    this.port = port;
    this.verifier = verifier;
    this.transport = transport;
    this.scheduler = scheduler;
    this.clock = clock;
    this.settings = settings;
    this.table = new NeighbourTable(settings);
    for (VerifyFailure f : VerifyFailure.values()) {
      rejected.put(f.name(), 0L);
    }
    for (HelloRejection r : HelloRejection.values()) {
      rejected.put(r.name(), 0L);
    }
  }

  /** Registers for hellos and starts sending them. */
  public synchronized void start() {
    transport.register(CHANNEL, this::receive);
    timer = scheduler.schedule(Duration.ZERO, this::tick);
  }

  /** Adds an address to send hellos to (a static peer, or one found by discovery). */
  public synchronized void addCandidate(InetSocketAddress address) {
    if (candidates.add(address)) {
      LOG.debug("hello candidate {}", address);
    }
  }

  /**
   * Sends the next {@code count} hellos to a multicast {@code group} as well (All-CoAP-Nodes, RFC
   * 7252 §12.8): the fast path by which a starting node reaches every node on its link at once;
   * each that verifies it answers by unicast from then on.
   */
  public synchronized void announceTo(InetSocketAddress group, int count) {
    this.group = group;
    this.groupHellos = count;
  }

  /** Stops sending hellos to {@code address} unless it belongs to an UP neighbour. */
  public synchronized void removeCandidate(InetSocketAddress address) {
    candidates.remove(address);
  }

  /** Adds a listener told of neighbours coming UP and going DOWN. */
  public void addListener(NeighbourListener listener) {
    listeners.add(listener);
  }

  /**
   * Told of every verified hello from an UP neighbour, after any UP notification it caused. Called
   * on the transport's thread; must not block.
   */
  @FunctionalInterface
  public interface HelloListener {
    /**
     * A hello from {@code id}, which can be reached at {@code address}.
     *
     * @param digest the digest of its link-state database
     */
    void hello(NodeId id, InetSocketAddress address, long digest);
  }

  /** Adds a listener of verified hellos. */
  public void addHelloListener(HelloListener listener) {
    helloListeners.add(listener);
  }

  /** Where the digest of this node's link-state database, sent in every hello, comes from. */
  public void digestSource(LongSupplier source) {
    this.digest = source;
  }

  /** Every neighbour ever heard, UP or DOWN. */
  public synchronized List<Neighbour> neighbours() {
    return table.snapshot();
  }

  /**
   * Hellos refused, by reason (zeros included): the names of {@link VerifyFailure} and {@link
   * HelloRejection}.
   */
  public synchronized Map<String, Long> rejected() {
    return new LinkedHashMap<>(rejected);
  }

  private void tick() {
    List<Neighbour> down;
    synchronized (this) {
      if (closed) {
        return;
      }
      Instant now = clock.instant();
      down = table.expire(now);
      sendHellos(false, now);
      timer = scheduler.schedule(settings.helloInterval(), this::tick);
    }
    down.forEach(this::notifyDown);
  }

  private void sendHellos(boolean bye, Instant now) {
    Set<InetSocketAddress> targets = new LinkedHashSet<>(candidates);
    targets.addAll(table.upAddresses());
    if (group != null && groupHellos > 0 && !bye) {
      targets.add(group);
      groupHellos--;
    }
    if (targets.isEmpty()) {
      return;
    }
    long n = ++helloNumber;
    sentTimes.addLast(new long[] {n, now.toEpochMilli()});
    if (sentTimes.size() > SENT_TIMES) {
      sentTimes.removeFirst();
    }
    byte[] payload =
        new Hello(mesh, name, port, n, bye, table.echoes(now), digest.getAsLong()).toJson();
    byte[] withCert = null;
    byte[] withoutCert = null;
    for (InetSocketAddress to : targets) {
      boolean lean = certificate.isEmpty() || table.knowsUsAt(to);
      try {
        if (lean) {
          if (withoutCert == null) {
            withoutCert = sign(payload, Optional.empty(), now);
          }
          transport.send(to, CHANNEL, withoutCert);
        } else {
          if (withCert == null) {
            withCert = sign(payload, certificate, now);
          }
          transport.send(to, CHANNEL, withCert);
        }
      } catch (IOException e) {
        LOG.warn("cannot reserve a sequence number for hellos: {}", e.getMessage());
        return;
      }
    }
  }

  private byte[] sign(byte[] payload, Optional<byte[]> cert, Instant now) throws IOException {
    return StarlingEnvelope.sign(identity, sequence.next(), now, 50, payload, cert);
  }

  private void receive(InetSocketAddress from, byte[] message) {
    Optional<Neighbour> up = Optional.empty();
    Optional<Neighbour> down = Optional.empty();
    NodeId heard = null;
    InetSocketAddress heardAt = null;
    long heardDigest = 0;
    synchronized (this) {
      if (closed) {
        return;
      }
      if (verifier == null) {
        count(
            HelloRejection.NO_TRUST_CONFIGURED.name(), from, "no security.trust or security.allow");
        return;
      }
      EnvelopeVerifier.Result result = verifier.verify(message);
      if (result instanceof EnvelopeVerifier.Failed f) {
        count(f.reason().name(), from, f.detail());
        return;
      }
      EnvelopeVerifier.Verified v = (EnvelopeVerifier.Verified) result;
      NodeId sender = v.envelope().kid();
      if (sender.equals(identity.id())) {
        count(HelloRejection.OWN.name(), from, "our own hello");
        return;
      }
      Hello hello;
      try {
        hello = Hello.parse(v.envelope().payload());
      } catch (IllegalArgumentException e) {
        count(HelloRejection.MALFORMED_HELLO.name(), from, e.getMessage());
        return;
      }
      if (!hello.mesh().equals(mesh)) {
        count(
            HelloRejection.OTHER_MESH.name(),
            from,
            v.identity().name() + " is in mesh " + hello.mesh());
        return;
      }
      Instant now = clock.instant();
      InetSocketAddress address = new InetSocketAddress(from.getAddress(), hello.port());
      if (hello.bye()) {
        down = table.goodbye(sender, now);
      } else {
        boolean echoesUs = false;
        for (Hello.Echo echo : hello.echoes()) {
          if (echo.id().equals(identity.id())) {
            echoesUs = true;
            rttFrom(sender, echo, now);
          }
        }
        up =
            table.heard(
                sender,
                v.identity().name(),
                v.identity().groups(),
                address,
                hello.number(),
                echoesUs,
                now);
        heard = sender;
        heardAt = address;
        heardDigest = hello.digest();
      }
    }
    up.ifPresent(this::notifyUp);
    down.ifPresent(this::notifyDown);
    if (heard != null) {
      for (HelloListener l : helloListeners) {
        l.hello(heard, heardAt, heardDigest);
      }
    }
  }

  private void rttFrom(NodeId sender, Hello.Echo echo, Instant now) {
    for (long[] sent : sentTimes) {
      if (sent[0] == echo.number()) {
        long rtt = now.toEpochMilli() - sent[1] - echo.heldMillis();
        table.rttSample(sender, Duration.ofMillis(Math.max(0, rtt)));
        return;
      }
    }
  }

  private void count(String reason, InetSocketAddress from, String detail) {
    long n = rejected.merge(reason, 1L, Long::sum);
    if (n == 1 || LOG.isTraceEnabled()) {
      LOG.debug("hello from {} refused: {} ({}); {} so far", from, reason, detail, n);
    }
  }

  private void notifyUp(Neighbour n) {
    LOG.info("neighbour {} ({}) UP at {}", n.name(), n.id(), n.address());
    listeners.forEach(l -> l.up(n));
  }

  private void notifyDown(Neighbour n) {
    LOG.info("neighbour {} ({}) DOWN", n.name(), n.id());
    listeners.forEach(l -> l.down(n));
  }

  /** Says goodbye to every UP neighbour and stops. */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      if (timer != null) {
        timer.cancel();
      }
      candidates.clear();
      sendHellos(true, clock.instant());
      closed = true;
    }
  }

  /** For tests: the addresses hellos currently go to. */
  synchronized List<InetSocketAddress> targets() {
    List<InetSocketAddress> all = new ArrayList<>(candidates);
    all.addAll(table.upAddresses());
    return all;
  }
}
