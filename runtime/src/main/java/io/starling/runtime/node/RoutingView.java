package io.starling.runtime.node;

import io.starling.runtime.identity.NodeId;
import io.starling.runtime.mesh.Route;
import io.starling.runtime.mesh.Topology;
import java.util.List;
import java.util.Map;

/**
 * A node's routes as served at {@code /mesh/routes} (JSON).
 *
 * @param enabled whether the node takes part in the mesh
 * @param reason why not, when disabled
 * @param node this node's id
 * @param name this node's name
 * @param routes one per reachable node, nearest first
 */
public record RoutingView(
    boolean enabled, String reason, String node, String name, List<Entry> routes) {

  /**
   * One route.
   *
   * @param to the destination's id
   * @param name the destination's name
   * @param via the next hop's id
   * @param viaName the next hop's name
   * @param cost the path cost (100 per clean hop)
   * @param hops the number of hops
   * @param path the names of every node after this one
   */
  public record Entry(
      String to, String name, String via, String viaName, int cost, int hops, List<String> path) {}

  static RoutingView of(Topology topology, Map<NodeId, Route> routes) {
    List<Entry> entries =
        routes.values().stream()
            .map(
                r ->
                    new Entry(
                        r.to().toString(),
                        topology.name(r.to()),
                        r.via().toString(),
                        topology.name(r.via()),
                        r.cost(),
                        r.hops(),
                        r.path().stream().map(topology::name).toList()))
            .toList();
    return new RoutingView(
        true, null, topology.self().toString(), topology.name(topology.self()), entries);
  }

  static RoutingView disabled(String reason) {
    return new RoutingView(false, reason, null, null, List.of());
  }
}
