package io.starling.runtime.discovery;

import java.net.InetAddress;
import java.util.List;
import java.util.Objects;

/**
 * One peer as announced on one link. The node id, not the instance name, identifies the peer: two
 * nodes with the same name are renamed by mDNS conflict resolution (RFC 6762 §9) but keep their
 * ids.
 *
 * @param instanceName the DNS-SD instance name as announced (the node name, or e.g. {@code "name
 *     (2)"} after a conflict)
 * @param nodeId the TXT {@code id}: the peer's printed node id
 * @param mesh the TXT {@code mesh}: the peer's mesh name
 * @param version the TXT {@code v}: the discovery protocol version the peer speaks
 * @param port the SRV port: the peer's CoAP UDP port
 * @param addresses the peer's addresses on this link (A/AAAA records), possibly empty when the peer
 *     is lost
 * @param interfaceName the local interface the announcement arrived on, e.g. {@code eth0}
 */
public record Announcement(
    String instanceName,
    String nodeId,
    String mesh,
    String version,
    int port,
    List<InetAddress> addresses,
    String interfaceName) {

  /** Copies the address list; rejects nulls. */
  public Announcement {
    Objects.requireNonNull(instanceName, "instanceName");
    Objects.requireNonNull(nodeId, "nodeId");
    Objects.requireNonNull(mesh, "mesh");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(interfaceName, "interfaceName");
    addresses = List.copyOf(addresses);
  }
}
