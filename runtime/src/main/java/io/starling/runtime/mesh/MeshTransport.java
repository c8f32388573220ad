package io.starling.runtime.mesh;

import java.net.InetSocketAddress;

/**
 * Best-effort datagrams between nodes, one named channel per message kind ({@code hello}, …). Over
 * CoAP a channel is the resource {@code /mesh/<channel>}, sent as a NON POST with the No-Response
 * option (RFC 7967); in tests it is an in-memory network with loss, delay and partitions.
 */
public interface MeshTransport {

  /** Receives the datagrams of one channel. Called on the transport's thread; must not block. */
  @FunctionalInterface
  interface Receiver {
    /** One datagram from {@code from}. */
    void receive(InetSocketAddress from, byte[] message);
  }

  /** Sends {@code message} on {@code channel} to {@code to}; never blocks, may be lost. */
  void send(InetSocketAddress to, String channel, byte[] message);

  /** Registers the receiver of {@code channel}, replacing any earlier one. */
  void register(String channel, Receiver receiver);
}
