package io.starling.runtime.discovery.internal;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Which interface addresses get an mDNS responder: pure logic over {@link Nic} descriptions, so
 * tests use fakes; {@link #scan()} reads the real ones.
 */
public final class InterfaceChoice {

  private InterfaceChoice() {}

  /** One network interface as the chooser sees it. */
  public record Nic(
      String name, boolean up, boolean loopback, boolean multicast, List<InetAddress> addresses) {
    /** Copies the address list. */
    public Nic {
      addresses = List.copyOf(addresses);
    }
  }

  /** One chosen (interface, address) pair: one jmDNS instance. */
  public record Binding(String interfaceName, InetAddress address) {
    /** A stable key, e.g. {@code eth0/169.254.0.1}. */
    public String key() {
      return interfaceName + "/" + address.getHostAddress();
    }
  }

  /**
   * Chooses bindings: interfaces named in {@code wanted} (or, if empty, every interface that is up,
   * not loopback and multicast-capable); per interface its first IPv4 address and, if {@code ipv6},
   * its first IPv6 link-local address. A named interface is used even if it does not advertise
   * multicast (some drivers do not), but never when down.
   */
  public static List<Binding> choose(List<Nic> nics, List<String> wanted, boolean ipv6) {
    Set<Binding> chosen = new LinkedHashSet<>();
    for (Nic nic : nics) {
      boolean eligible =
          wanted.isEmpty() ? nic.up() && !nic.loopback() && nic.multicast() : nic.up();
      if (!eligible || (!wanted.isEmpty() && !wanted.contains(nic.name()))) {
        continue;
      }
      nic.addresses().stream()
          .filter(a -> a instanceof Inet4Address)
          .findFirst()
          .ifPresent(a -> chosen.add(new Binding(nic.name(), a)));
      if (ipv6) {
        nic.addresses().stream()
            .filter(a -> a instanceof Inet6Address && a.isLinkLocalAddress())
            .findFirst()
            .ifPresent(a -> chosen.add(new Binding(nic.name(), a)));
      }
    }
    return List.copyOf(chosen);
  }

  /** The machine's interfaces now; an interface that vanishes mid-scan is skipped. */
  public static List<Nic> scan() throws SocketException {
    List<Nic> nics = new ArrayList<>();
    for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
      try {
        nics.add(
            new Nic(
                ni.getName(),
                ni.isUp(),
                ni.isLoopback(),
                ni.supportsMulticast(),
                Collections.list(ni.getInetAddresses())));
      } catch (SocketException ignored) {
        // gone between listing and reading: the next poll sees the truth
      }
    }
    return nics;
  }
}
