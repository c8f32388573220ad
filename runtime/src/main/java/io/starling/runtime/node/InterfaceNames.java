package io.starling.runtime.node;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InterfaceAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Collections;
import java.util.Optional;

/**
 * The local interface a neighbour is reached on: the interface whose subnet holds its address (or,
 * for an IPv6 link-local address, its scope).
 */
final class InterfaceNames {

  private InterfaceNames() {}

  static Optional<String> of(InetAddress peer) {
    try {
      if (peer instanceof Inet6Address v6 && v6.getScopedInterface() != null) {
        return Optional.of(v6.getScopedInterface().getName());
      }
      for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
        for (InterfaceAddress a : nic.getInterfaceAddresses()) {
          if (sameSubnet(a.getAddress(), peer, a.getNetworkPrefixLength())) {
            return Optional.of(nic.getName());
          }
        }
      }
    } catch (SocketException e) {
      return Optional.empty();
    }
    return Optional.empty();
  }

  static boolean sameSubnet(InetAddress local, InetAddress peer, int prefixLength) {
    byte[] a = local.getAddress();
    byte[] b = peer.getAddress();
    if (a.length != b.length || prefixLength < 0 || prefixLength > a.length * 8) {
      return false;
    }
    int full = prefixLength / 8;
    for (int i = 0; i < full; i++) {
      if (a[i] != b[i]) {
        return false;
      }
    }
    int rest = prefixLength % 8;
    if (rest == 0) {
      return true;
    }
    int mask = 0xFF << (8 - rest) & 0xFF;
    return (a[full] & mask) == (b[full] & mask);
  }
}
