package io.starling.runtime.mesh;

import io.starling.runtime.identity.NodeId;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hop-by-hop forwarding of messages to any node of the mesh along the routes of {@link
 * LinkStateService}.
 *
 * <p>A routed frame (channel {@value #CHANNEL}) is
 *
 * <pre>
 * 0x01 | hop limit (1) | hops left (1) | destination node id (16) | channel length (1) | channel
 *      | message
 * </pre>
 *
 * A message for several nodes (a publication and its subscribers) travels as one frame per link of
 * the shortest-path tree toward them: {@code 0x02 | hop limit | hops left | count (1..64) | count
 * destination ids | channel length | channel | message}. Each node on the way delivers it if it is
 * a destination and splits the rest by next hop, so a link shared by several destinations carries
 * one copy.
 *
 * <p>The message is the origin's signed envelope, which relays neither read nor change: the
 * destination verifies it end to end, so a relay is never trusted with content. A relay checks the
 * hop — the frame must come from an UP neighbour, one whose signed hellos verified — decrements the
 * hops left, and drops the frame at zero, so a transient loop while routes converge cannot keep a
 * frame alive. Thread-safe.
 */
public final class Router {

  /** The transport channel of routed frames ({@code /mesh/route} over CoAP). */
  public static final String CHANNEL = "route";

  private static final byte VERSION = 1;
  private static final byte MULTI = 2;

  /** The most destinations one frame may carry. */
  public static final int MAX_DESTINATIONS = 64;

  private static final int HEADER = 3 + NodeId.LENGTH + 1;
  private static final Logger LOG = LoggerFactory.getLogger(Router.class);

  /** Receives the routed messages of one channel addressed to this node. */
  @FunctionalInterface
  public interface Handler {
    /**
     * A message for this node. Called on the transport's thread; must not block.
     *
     * @param message the origin's signed envelope, not yet verified
     * @param hops how many hops it took
     */
    void receive(byte[] message, int hops);
  }

  private final NodeId self;
  private final LinkStateService linkState;
  private final MeshTransport transport;
  private final int hopLimit;
  private final Map<String, Handler> handlers = new ConcurrentHashMap<>();
  private final Map<String, Long> dropped = new LinkedHashMap<>();
  private long originated;
  private long forwarded;
  private long delivered;

  /** A router for {@code self} over {@code linkState}'s routes. */
  public Router(NodeId self, LinkStateService linkState, MeshTransport transport, int hopLimit) {
    this.self = self;
    this.linkState = linkState;
    this.transport = transport;
    this.hopLimit = hopLimit;
    for (ForwardDrop d : ForwardDrop.values()) {
      dropped.put(d.name(), 0L);
    }
  }

  /** Registers for routed frames. */
  public void start() {
    transport.register(CHANNEL, this::receive);
  }

  /** Registers the handler of routed messages on {@code channel}, replacing any earlier one. */
  public void register(String channel, Handler handler) {
    checkChannel(channel);
    handlers.put(channel, handler);
  }

  /**
   * Sends {@code message} toward {@code destination}: best effort, one datagram per hop. A message
   * for this node itself is handed to its handler at once.
   *
   * @return false if no route to {@code destination} is known (counted as {@link
   *     ForwardDrop#NO_ROUTE})
   */
  public boolean send(NodeId destination, String channel, byte[] message) {
    checkChannel(channel);
    if (destination.equals(self)) {
      deliver(channel, message, 0);
      return true;
    }
    Optional<InetSocketAddress> next = linkState.nextHop(destination);
    if (next.isEmpty()) {
      drop(ForwardDrop.NO_ROUTE, destination);
      return false;
    }
    byte[] c = channel.getBytes(StandardCharsets.US_ASCII);
    ByteBuffer frame = ByteBuffer.allocate(HEADER + c.length + message.length);
    frame.put(VERSION).put((byte) hopLimit).put((byte) hopLimit).put(destination.bytes());
    frame.put((byte) c.length).put(c).put(message);
    synchronized (this) {
      originated++;
    }
    transport.send(next.get(), CHANNEL, frame.array());
    return true;
  }

  /**
   * Sends {@code message} to every node of {@code destinations} (this node's own is handed to its
   * handler at once): one frame per next hop, split again further on. Best effort.
   *
   * @return the destinations with no route from here (each counted as {@link ForwardDrop#NO_ROUTE})
   */
  public Set<NodeId> sendMany(Collection<NodeId> destinations, String channel, byte[] message) {
    checkChannel(channel);
    Set<NodeId> unreachable = new LinkedHashSet<>();
    List<NodeId> remote = new ArrayList<>();
    for (NodeId d : new LinkedHashSet<>(destinations)) {
      if (d.equals(self)) {
        deliver(channel, message, 0);
      } else {
        remote.add(d);
      }
    }
    synchronized (this) {
      originated++;
    }
    unreachable.addAll(
        split(remote, channel.getBytes(StandardCharsets.US_ASCII), message, hopLimit, hopLimit));
    return unreachable;
  }

  /** Groups {@code destinations} by next hop and sends each group one frame; returns the rest. */
  private List<NodeId> split(
      List<NodeId> destinations, byte[] channel, byte[] message, int limit, int left) {
    Map<InetSocketAddress, List<NodeId>> byHop = new LinkedHashMap<>();
    List<NodeId> unreachable = new ArrayList<>();
    for (NodeId d : destinations) {
      Optional<InetSocketAddress> next = linkState.nextHop(d);
      if (next.isEmpty()) {
        unreachable.add(d);
        drop(ForwardDrop.NO_ROUTE, d);
      } else {
        byHop.computeIfAbsent(next.get(), k -> new ArrayList<>()).add(d);
      }
    }
    for (Map.Entry<InetSocketAddress, List<NodeId>> hop : byHop.entrySet()) {
      List<NodeId> group = hop.getValue();
      for (int i = 0; i < group.size(); i += MAX_DESTINATIONS) {
        List<NodeId> part = group.subList(i, Math.min(group.size(), i + MAX_DESTINATIONS));
        ByteBuffer frame =
            ByteBuffer.allocate(
                4 + part.size() * NodeId.LENGTH + 1 + channel.length + message.length);
        frame.put(MULTI).put((byte) limit).put((byte) left).put((byte) part.size());
        part.forEach(d -> frame.put(d.bytes()));
        frame.put((byte) channel.length).put(channel).put(message);
        transport.send(hop.getKey(), CHANNEL, frame.array());
      }
    }
    return unreachable;
  }

  private void receiveMulti(InetSocketAddress from, byte[] frame) {
    if (frame.length < 5) {
      drop(ForwardDrop.MALFORMED, from);
      return;
    }
    int limit = frame[1] & 0xff;
    int left = frame[2] & 0xff;
    int count = frame[3] & 0xff;
    int channelAt = 4 + count * NodeId.LENGTH;
    if (left < 1 || left > limit || count < 1 || frame.length < channelAt + 1) {
      drop(ForwardDrop.MALFORMED, from);
      return;
    }
    int channelLength = frame[channelAt] & 0xff;
    int messageAt = channelAt + 1 + channelLength;
    if (frame.length < messageAt) {
      drop(ForwardDrop.MALFORMED, from);
      return;
    }
    byte[] channel = Arrays.copyOfRange(frame, channelAt + 1, messageAt);
    byte[] message = Arrays.copyOfRange(frame, messageAt, frame.length);
    List<NodeId> onward = new ArrayList<>();
    boolean forUs = false;
    for (int i = 0; i < count; i++) {
      int at = 4 + i * NodeId.LENGTH;
      NodeId d = NodeId.fromBytes(Arrays.copyOfRange(frame, at, at + NodeId.LENGTH));
      if (d.equals(self)) {
        forUs = true;
      } else {
        onward.add(d);
      }
    }
    if (forUs) {
      deliver(new String(channel, StandardCharsets.US_ASCII), message, limit - left + 1);
    }
    if (onward.isEmpty()) {
      return;
    }
    if (left == 1) {
      onward.forEach(d -> drop(ForwardDrop.HOP_LIMIT, d));
      return;
    }
    synchronized (this) {
      forwarded++;
    }
    split(onward, channel, message, limit, left - 1);
  }

  private void receive(InetSocketAddress from, byte[] frame) {
    if (linkState.neighbourAt(from).isEmpty()) {
      drop(ForwardDrop.NOT_A_NEIGHBOUR, from);
      return;
    }
    if (frame.length > 0 && frame[0] == MULTI) {
      receiveMulti(from, frame);
      return;
    }
    if (frame.length < HEADER || frame[0] != VERSION) {
      drop(ForwardDrop.MALFORMED, from);
      return;
    }
    int limit = frame[1] & 0xff;
    int left = frame[2] & 0xff;
    int channelLength = frame[3 + NodeId.LENGTH] & 0xff;
    if (left < 1 || left > limit || frame.length < HEADER + channelLength) {
      drop(ForwardDrop.MALFORMED, from);
      return;
    }
    NodeId destination = NodeId.fromBytes(Arrays.copyOfRange(frame, 3, 3 + NodeId.LENGTH));
    if (destination.equals(self)) {
      String channel = new String(frame, HEADER, channelLength, StandardCharsets.US_ASCII);
      deliver(
          channel,
          Arrays.copyOfRange(frame, HEADER + channelLength, frame.length),
          limit - left + 1);
      return;
    }
    if (left == 1) {
      drop(ForwardDrop.HOP_LIMIT, destination);
      return;
    }
    Optional<InetSocketAddress> next = linkState.nextHop(destination);
    if (next.isEmpty()) {
      drop(ForwardDrop.NO_ROUTE, destination);
      return;
    }
    byte[] out = frame.clone();
    out[2] = (byte) (left - 1);
    synchronized (this) {
      forwarded++;
    }
    transport.send(next.get(), CHANNEL, out);
  }

  private void deliver(String channel, byte[] message, int hops) {
    Handler h = handlers.get(channel);
    if (h == null) {
      drop(ForwardDrop.NO_HANDLER, channel);
      return;
    }
    synchronized (this) {
      delivered++;
    }
    h.receive(message, hops);
  }

  private void drop(ForwardDrop reason, Object about) {
    long n;
    synchronized (this) {
      n = dropped.merge(reason.name(), 1L, Long::sum);
    }
    if (n == 1 || LOG.isTraceEnabled()) {
      LOG.debug("routed message dropped: {} ({}); {} so far", reason, about, n);
    }
  }

  private static void checkChannel(String channel) {
    if (channel.isEmpty()
        || channel.length() > 32
        || !StandardCharsets.US_ASCII.newEncoder().canEncode(channel)) {
      throw new IllegalArgumentException("channel '" + channel + "' must be 1..32 ASCII chars");
    }
  }

  /**
   * Forwarding counters.
   *
   * @param originated messages this node sent into the mesh
   * @param forwarded messages relayed for others
   * @param delivered messages handed to this node's handlers
   * @param dropped drops by {@link ForwardDrop} reason, zeros included
   */
  public record Stats(long originated, long forwarded, long delivered, Map<String, Long> dropped) {}

  /** The counters. */
  public synchronized Stats stats() {
    return new Stats(originated, forwarded, delivered, new LinkedHashMap<>(dropped));
  }
}
