package io.starling.runtime.transport.internal;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.InetSocketAddress;
import java.util.List;
import org.eclipse.californium.core.coap.CoAP;
import org.eclipse.californium.core.coap.Message;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.network.serialization.UdpDataParser;
import org.eclipse.californium.elements.Connector;
import org.eclipse.californium.elements.EndpointContextMatcher;
import org.eclipse.californium.elements.RawData;
import org.eclipse.californium.elements.RawDataChannel;

/**
 * The node's UDP connector as its CoAP endpoint sees it, with mesh datagrams taken out on the way
 * in: a NON POST to {@code /mesh/<channel>} goes straight to the mesh transport, everything else to
 * Californium's stack.
 *
 * <p>Why: Californium drops a datagram whose (source, message ID) it saw within the exchange
 * lifetime (247 s), and message IDs have 16 bits, so a link carrying more than 65,536 mesh
 * datagrams in 247 s (about 265 a second) would lose everything after that, hellos included, and go
 * DOWN. The mesh does not need that deduplication: hellos, adverts and publications carry their own
 * sequence numbers and are deduplicated by them.
 */
final class MeshConnector implements Connector {

  /** Where mesh datagrams go. */
  interface Inbox {
    /** Whether {@code channel} has a receiver. */
    boolean handles(String channel);

    /** One datagram of {@code channel} from {@code from}. */
    void deliver(String channel, InetSocketAddress from, byte[] payload);
  }

  private final Connector udp;
  private final UdpDataParser parser = new UdpDataParser();
  private final Inbox mesh;
  private final java.util.concurrent.Executor executor;

  /**
   * @param executor runs the mesh receivers (the node's protocol thread), so the UDP receiver
   *     thread only parses and hands over, and keeps draining the socket
   */
  MeshConnector(Connector udp, Inbox mesh, java.util.concurrent.Executor executor) {
    this.udp = udp;
    this.mesh = mesh;
    this.executor = executor;
  }

  @Override
  public void setRawDataReceiver(RawDataChannel stack) {
    udp.setRawDataReceiver(raw -> receive(raw, stack));
  }

  private void receive(RawData raw, RawDataChannel stack) {
    byte[] bytes = raw.getBytes();
    // A quick look before parsing: CoAP version 1, type NON (01), code 0.02 POST.
    if (bytes.length > 4 && (bytes[0] & 0xF0) == 0x50 && bytes[1] == 0x02) {
      try {
        Message m = parser.parseMessage(raw);
        if (m instanceof Request r
            && r.getType() == CoAP.Type.NON
            && r.getCode() == CoAP.Code.POST) {
          List<String> path = r.getOptions().getUriPath();
          if (path.size() == 2 && path.get(0).equals("mesh") && mesh.handles(path.get(1))) {
            byte[] payload = r.getPayload();
            if (payload != null && payload.length > 0) {
              String channel = path.get(1);
              InetSocketAddress from = raw.getInetSocketAddress();
              executor.execute(() -> mesh.deliver(channel, from, payload));
            }
            return;
          }
        }
      } catch (RuntimeException e) {
        // not ours to judge: the stack answers malformed messages as CoAP requires
      }
    }
    stack.receiveData(raw);
  }

  @Override
  public void start() throws IOException {
    udp.start();
  }

  @Override
  public void stop() {
    udp.stop();
  }

  @Override
  public void destroy() {
    udp.destroy();
  }

  @Override
  public void send(RawData msg) {
    udp.send(msg);
  }

  @Override
  public void setEndpointContextMatcher(EndpointContextMatcher matcher) {
    udp.setEndpointContextMatcher(matcher);
  }

  @Override
  public InetSocketAddress getAddress() {
    return udp.getAddress();
  }

  @Override
  public String getProtocol() {
    return udp.getProtocol();
  }

  @Override
  public boolean isRunning() {
    return udp.isRunning();
  }

  @Override
  public void processDatagram(DatagramPacket datagram) {
    udp.processDatagram(datagram);
  }
}
