package io.starling.runtime.transport.internal;

import io.starling.runtime.mesh.MeshTransport;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.californium.core.CoapResource;
import org.eclipse.californium.core.coap.CoAP;
import org.eclipse.californium.core.coap.MessageObserverAdapter;
import org.eclipse.californium.core.coap.NoResponseOption;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.network.Endpoint;
import org.eclipse.californium.core.server.resources.CoapExchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link MeshTransport} over the node's own CoAP endpoint: a channel is the resource {@code
 * /mesh/<channel>}; a datagram is a NON POST (RFC 7252 §4.3) with Content-Format 18 and the
 * No-Response option suppressing every response (RFC 7967 §2.1), so one hello is one UDP datagram.
 */
final class CoapMeshTransport implements MeshTransport {

  private static final Logger LOG = LoggerFactory.getLogger(CoapMeshTransport.class);

  private final Endpoint endpoint;
  private final CoapResource mesh;
  private final Map<String, Receiver> receivers = new ConcurrentHashMap<>();
  private final Object idle = new Object();
  private int inFlight; // guarded by idle

  CoapMeshTransport(Endpoint endpoint, CoapResource mesh) {
    this.endpoint = endpoint;
    this.mesh = mesh;
  }

  @Override
  public void send(InetSocketAddress to, String channel, byte[] message) {
    Request request = Request.newPost();
    request.setType(CoAP.Type.NON);
    request.setURI("coap://" + hostLiteral(to) + ":" + to.getPort() + "/mesh/" + channel);
    request.getOptions().setContentFormat(ContentFormats.COSE_SIGN1);
    request.getOptions().setNoResponse(NoResponseOption.SUPPRESS_ALL);
    request.setPayload(message);
    synchronized (idle) {
      inFlight++;
    }
    request.addMessageObserver(
        new MessageObserverAdapter() {
          @Override
          public void onSent(boolean retransmission) {
            done();
          }

          @Override
          protected void failed() {
            done();
          }
        });
    try {
      endpoint.sendRequest(request);
    } catch (RuntimeException e) {
      done();
      LOG.debug("cannot send {} to {}: {}", channel, to, e.getMessage());
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

  private static String hostLiteral(InetSocketAddress to) {
    String host = to.getAddress().getHostAddress();
    return host.indexOf(':') >= 0 ? "[" + host + "]" : host;
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
      getAttributes().addContentType(ContentFormats.COSE_SIGN1);
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
