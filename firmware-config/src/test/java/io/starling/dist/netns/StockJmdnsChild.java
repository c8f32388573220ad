package io.starling.dist.netns;

import java.io.InputStream;
import java.net.InetAddress;
import java.util.Map;
import javax.jmdns.JmDNS;
import javax.jmdns.ServiceInfo;

/**
 * Baseline announcer for {@link DiscoveryNetnsBench}: stock jmDNS with none of Starling's fast
 * start. Args: name, id, mesh, port, IPv4 address. Creates {@code JmDNS.create(address, hostname)}
 * and registers the same DNS-SD service a Starling node announces ({@code _coap._udp.local.},
 * subtype {@code _starling}, TXT {@code v}, {@code id}, {@code mesh}), then stays until stdin
 * closes or it is killed. It prints nothing: the peer's {@code found} line is the measurement.
 */
public final class StockJmdnsChild {

  private StockJmdnsChild() {}

  /** Entry point. */
  public static void main(String[] args) throws Exception {
    String name = args[0];
    InetAddress address = InetAddress.getByName(args[4]);
    JmDNS dns = JmDNS.create(address, name + "-" + args[1].substring(0, 8));
    dns.registerService(
        ServiceInfo.create(
            "_coap._udp.local.",
            name,
            "_starling",
            Integer.parseInt(args[3]),
            0,
            0,
            Map.of("v", "1", "id", args[1], "mesh", args[2])));
    InputStream in = System.in;
    while (in.read() >= 0) {
      // wait for the parent to close stdin
    }
    dns.close();
  }
}
