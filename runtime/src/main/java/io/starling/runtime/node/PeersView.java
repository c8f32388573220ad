package io.starling.runtime.node;

import io.starling.runtime.mesh.Neighbour;
import java.util.List;
import java.util.Map;

/**
 * A node's neighbours as served at {@code /mesh/peers} (JSON).
 *
 * @param enabled whether the node takes part in the mesh (it needs a certificate and a trust
 *     anchor)
 * @param reason why not, when disabled
 * @param peers every neighbour heard, UP or DOWN
 * @param rejected hellos refused, by reason
 */
public record PeersView(
    boolean enabled, String reason, List<Peer> peers, Map<String, Long> rejected) {

  /**
   * One neighbour.
   *
   * @param id its node id
   * @param name its name
   * @param address its CoAP address ({@code host:port})
   * @param iface the local interface it is reached on, or null if none matches
   * @param state {@code UP} or {@code DOWN}
   * @param rttMillis smoothed round-trip time in ms, or null until measured
   * @param loss fraction of its recent hellos lost, 0..1
   * @param lastSeen when its last hello arrived (ISO-8601)
   */
  public record Peer(
      String id,
      String name,
      String address,
      String iface,
      String state,
      Double rttMillis,
      double loss,
      String lastSeen) {

    static Peer of(Neighbour n) {
      String host = n.address().getAddress().getHostAddress();
      return new Peer(
          n.id().toString(),
          n.name(),
          (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + n.address().getPort(),
          InterfaceNames.of(n.address().getAddress()).orElse(null),
          n.state().name(),
          n.rtt() == null ? null : n.rtt().toNanos() / 1e6,
          Math.round(n.loss() * 1000) / 1000.0,
          n.lastHeard().toString());
    }
  }
}
