package io.starling.runtime.mesh;

import io.starling.runtime.identity.NodeId;
import java.util.List;

/**
 * The shortest path from this node to another, as computed from the verified adverts.
 *
 * @param to the destination
 * @param via the next hop, a neighbour ({@code to} itself for a neighbour)
 * @param cost the sum of the link costs along the path
 * @param path every node after this one, ending with {@code to}
 */
public record Route(NodeId to, NodeId via, int cost, List<NodeId> path) {

  /** Copies the path. */
  public Route {
    path = List.copyOf(path);
  }

  /** How many hops the path takes. */
  public int hops() {
    return path.size();
  }
}
