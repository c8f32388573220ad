package io.starling.runtime.discovery;

import java.util.Objects;

/**
 * What this node announces.
 *
 * @param nodeName the DNS-SD instance name (RFC 6763 §4.1.1): the profile's node name; at most 63
 *     bytes of UTF-8, no control characters
 * @param nodeId the printed node id, the TXT key {@code id}
 * @param mesh the mesh name, the TXT key {@code mesh}
 * @param port the CoAP UDP port, 1–65535 (the SRV record's port)
 */
public record LocalService(String nodeName, String nodeId, String mesh, int port) {

  /** Validates every field. */
  public LocalService {
    Objects.requireNonNull(nodeName, "nodeName");
    Objects.requireNonNull(nodeId, "nodeId");
    Objects.requireNonNull(mesh, "mesh");
    int nameBytes = nodeName.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    if (nameBytes == 0 || nameBytes > 63) {
      throw new IllegalArgumentException(
          "discovery: node name '"
              + nodeName
              + "' has "
              + nameBytes
              + " bytes; a DNS-SD instance name has 1 to 63 (RFC 6763 §4.1.1)");
    }
    if (nodeName.chars().anyMatch(Character::isISOControl)) {
      throw new IllegalArgumentException(
          "discovery: node name '" + nodeName + "' contains a control character");
    }
    if (nodeId.isEmpty() || mesh.isEmpty()) {
      throw new IllegalArgumentException("discovery: node id and mesh name must not be empty");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("discovery: port " + port + " is not in 1..65535");
    }
  }
}
