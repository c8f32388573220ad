package io.starling.runtime.profile;

import java.util.List;

/**
 * The {@code network} section.
 *
 * @param bind the local address the CoAP endpoint binds to; default {@code 0.0.0.0} (all)
 * @param port the CoAP UDP port; default 5683 (RFC 7252 §12.6), {@code 0} picks a free one
 * @param interfaces interface names to discover peers on; empty = every interface that is up, not
 *     loopback and multicast-capable
 * @param peers static peers as {@code host:port} for links without multicast
 * @param discovery whether an enrolled node announces itself and finds peers with DNS-SD over mDNS;
 *     default true. {@code false}: static peers only, no multicast at all
 */
public record NetworkSettings(
    String bind, int port, List<String> interfaces, List<String> peers, boolean discovery) {

  /** The CoAP default port, RFC 7252 §12.6. */
  public static final int DEFAULT_PORT = 5683;

  /** Copies the lists. */
  public NetworkSettings {
    interfaces = List.copyOf(interfaces);
    peers = List.copyOf(peers);
  }

  /** The defaults: all addresses, port 5683, all interfaces, no static peers, discovery on. */
  public static NetworkSettings defaults() {
    return new NetworkSettings("0.0.0.0", DEFAULT_PORT, List.of(), List.of(), true);
  }
}
