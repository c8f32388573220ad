package io.starling.runtime.transport.internal;

import io.starling.runtime.mesh.MeshTransport;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.californium.core.CoapResource;
import org.eclipse.californium.core.coap.CoAP;
import org.eclipse.californium.core.coap.NoResponseOption;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.coap.Token;
import org.eclipse.californium.core.network.serialization.UdpDataSerializer;
import org.eclipse.californium.core.server.resources.CoapExchange;
import org.eclipse.californium.elements.AddressEndpointContext;
import org.eclipse.californium.elements.Connector;
import org.eclipse.californium.elements.EndpointContext;
import org.eclipse.californium.elements.MessageCallback;
import org.eclipse.californium.elements.RawData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link MeshTransport} over the node's own CoAP endpoint: a channel is the resource {@code
 * /mesh/<channel>}; a datagram is a NON POST (RFC 7252 §4.3) with Content-Format 18 (hellos) or 42
 * (framed channels) and the No-Response option suppressing every response (RFC 7967 §2.1), so one
 * hello is one UDP datagram.
 *
 * <p>Outgoing datagrams are serialised here and handed straight to the UDP connector, past
 * Californium's stack: its block-wise layer would split any request over 1024 bytes into a Block1
 * exchange, which needs responses that No-Response forbids, and raising its limit would also stop
 * it from splitting large responses, which clients such as libcoap (1152-byte PDUs) need. Message
 * IDs count up per destination from a random start and wrap after 65,536; Californium's receiving
 * stack would take a reused ID within its exchange lifetime (247 s) for a duplicate, so incoming
 * mesh datagrams skip that stack ({@link MeshConnector}) and reach their receivers directly (the
 * mesh deduplicates by its own sequence numbers). {@link ChannelResource} only serves what comes
 * another way (a CON request from a tool).
 */
final class CoapMeshTransport implements MeshTransport, MeshConnector.Inbox {

  private static final Logger LOG = LoggerFactory.getLogger(CoapMeshTransport.class);

  private static final SecureRandom RANDOM = new SecureRandom();

  private final Connector connector;
  private final UdpDataSerializer serializer = new UdpDataSerializer();
  private final Map<InetSocketAddress, AtomicInteger> messageIds = new ConcurrentHashMap<>();
  private final CoapResource mesh;
  private final Map<String, Receiver> receivers = new ConcurrentHashMap<>();
  private final Object idle = new Object();
  private int inFlight; // guarded by idle

  CoapMeshTransport(Connector connector, CoapResource mesh) {
    this.connector = connector;
    this.mesh = mesh;
  }

  @Override
  public void send(InetSocketAddress to, String channel, byte[] message) {
    Request request = Request.newPost();
    request.setType(CoAP.Type.NON);
    request.getOptions().setUriPath("mesh/" + channel);
    request.getOptions().setContentFormat(contentFormat(channel));
    request.getOptions().setNoResponse(NoResponseOption.SUPPRESS_ALL);
    request.setPayload(message);
    request.setToken(Token.EMPTY);
    request.setMID(
        messageIds
                .computeIfAbsent(to, k -> new AtomicInteger(RANDOM.nextInt(1 << 16)))
                .getAndIncrement()
            & 0xffff);
    request.setDestinationContext(new AddressEndpointContext(to));
    synchronized (idle) {
      inFlight++;
    }
    try {
      RawData raw = serializer.serializeRequest(request, new SentCallback());
      connector.send(raw);
    } catch (RuntimeException e) {
      done();
      LOG.debug("cannot send {} to {}: {}", channel, to, e.getMessage());
    }
  }

  /** Counts a datagram as gone once the connector has sent it or given up. */
  private final class SentCallback implements MessageCallback {
    @Override
    public void onConnecting() {}

    @Override
    public void onDtlsRetransmission(int flight) {}

    @Override
    public void onContextEstablished(EndpointContext context) {}

    @Override
    public void onSent() {
      done();
    }

    @Override
    public void onError(Throwable error) {
      done();
      LOG.debug("mesh datagram not sent: {}", error.getMessage());
    }
  }

  private void done() {
    synchronized (idle) {
      inFlight = Math.max(0, inFlight - 1);
      idle.notifyAll();
    }
  }

  /** Waits until every datagram handed to {@link #send} has left, at most {@code millis}. */
  void drain(long millis) {
    long deadline = System.nanoTime() + millis * 1_000_000;
    synchronized (idle) {
      while (inFlight > 0) {
        long left = (deadline - System.nanoTime()) / 1_000_000;
        if (left <= 0) {
          return;
        }
        try {
          idle.wait(left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  /**
   * Hellos are bare COSE_Sign1 messages (18); the other channels carry Starling frames whose first
   * byte is their type, around signed messages (42, application/octet-stream).
   */
  private static int contentFormat(String channel) {
    return channel.equals("hello") ? ContentFormats.COSE_SIGN1 : ContentFormats.OCTET_STREAM;
  }

  @Override
  public boolean handles(String channel) {
    return receivers.containsKey(channel);
  }

  @Override
  public void deliver(String channel, InetSocketAddress from, byte[] payload) {
    Receiver r = receivers.get(channel);
    if (r != null) {
      r.receive(from, payload);
    }
  }

  @Override
  public void register(String channel, Receiver receiver) {
    if (receivers.put(channel, receiver) == null) {
      mesh.add(new ChannelResource(channel));
    }
  }

  /** {@code /mesh/<channel>}: hands each POST body and its source to the channel's receiver. */
  private final class ChannelResource extends CoapResource {

    ChannelResource(String channel) {
      super(channel);
      getAttributes().addResourceType("starling." + channel);
      getAttributes().addContentType(contentFormat(channel));
    }

    @Override
    public void handlePOST(CoapExchange exchange) {
      Receiver receiver = receivers.get(getName());
      byte[] payload = exchange.getRequestPayload();
      if (receiver != null && payload != null && payload.length > 0) {
        receiver.receive(exchange.getSourceSocketAddress(), payload);
      }
      exchange.respond(CoAP.ResponseCode.CHANGED);
    }
  }
}
