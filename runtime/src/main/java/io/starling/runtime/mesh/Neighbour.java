package io.starling.runtime.mesh;

import io.starling.runtime.identity.NodeId;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/**
 * A neighbour as the table sees it at one moment.
 *
 * @param id its node id
 * @param name its name (from its certificate)
 * @param groups its certificate's groups
 * @param address where its hellos come from
 * @param state UP while its hellos arrive, DOWN after {@link NeighbourSettings#deadAfter()} of
 *     silence or a goodbye
 * @param rtt the smoothed round-trip time, or {@code null} until measured
 * @param loss the fraction of its recent hellos that did not arrive, 0..1
 * @param lastHeard when its last hello arrived
 */
public record Neighbour(
    NodeId id,
    String name,
    Set<String> groups,
    InetSocketAddress address,
    State state,
    Duration rtt,
    double loss,
    Instant lastHeard) {

  /** Neighbour states. */
  public enum State {
    /** Hellos arrive. */
    UP,
    /** Silent for too long, or said goodbye. */
    DOWN
  }
}
