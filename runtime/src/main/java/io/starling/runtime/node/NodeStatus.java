package io.starling.runtime.node;

import java.util.List;

/**
 * A node's status as served at {@code /mesh/node} (JSON).
 *
 * @param id the node id (docs/PROTOCOL.md)
 * @param name the node's name
 * @param mesh the mesh it belongs to
 * @param version the Starling version
 * @param uptimeSeconds seconds since the node started
 * @param publicKey the raw Ed25519 public key, unpadded base64url
 * @param sensors each sensor's health
 * @param actuators each actuator's health
 */
public record NodeStatus(
    String id,
    String name,
    String mesh,
    String version,
    long uptimeSeconds,
    String publicKey,
    List<Component> sensors,
    List<Component> actuators) {

  /**
   * A sensor's or actuator's health.
   *
   * @param name its name
   * @param health {@code STARTING}, {@code HEALTHY} or {@code FAILING}
   * @param since when it entered that state (ISO-8601)
   * @param error the last error while failing, else null
   */
  public record Component(String name, String health, String since, String error) {}
}
