package io.starling.runtime.node;

import io.starling.runtime.profile.NetworkSettings;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * Parses and resolves the profile's static peers: {@code host}, {@code host:port}, {@code
 * [v6]:port}.
 */
final class StaticPeers {

  private StaticPeers() {}

  static Optional<InetSocketAddress> resolve(String peer) {
    try {
      URI uri = URI.create("coap://" + peer);
      if (uri.getHost() == null) {
        return Optional.empty();
      }
      int port = uri.getPort() < 0 ? NetworkSettings.DEFAULT_PORT : uri.getPort();
      return Optional.of(new InetSocketAddress(InetAddress.getByName(uri.getHost()), port));
    } catch (IllegalArgumentException | UnknownHostException e) {
      return Optional.empty();
    }
  }
}
