package io.starling.runtime.node;

import io.starling.runtime.mesh.Topology;
import java.util.List;

/**
 * The mesh as a node sees it, as served at {@code /mesh/topology} (JSON): every origin whose signed
 * advert verified, and the links both ends report.
 *
 * @param enabled whether the node takes part in the mesh
 * @param reason why not, when disabled
 * @param node this node's id
 * @param nodes every node known
 * @param links every two-ended link with its cost
 */
public record TopologyView(
    boolean enabled, String reason, String node, List<Node> nodes, List<Link> links) {

  /**
   * A node.
   *
   * @param id its id
   * @param name its name
   * @param subscriptions the topic filters it subscribes to
   */
  public record Node(String id, String name, List<String> subscriptions) {}

  /**
   * A link.
   *
   * @param a one end's id
   * @param aName its name
   * @param b the other end's id
   * @param bName its name
   * @param cost the mean of both ends' reported costs
   */
  public record Link(String a, String aName, String b, String bName, int cost) {}

  static TopologyView of(Topology t) {
    return new TopologyView(
        true,
        null,
        t.self().toString(),
        t.nodes().entrySet().stream()
            .map(
                e ->
                    new Node(
                        e.getKey().toString(),
                        e.getValue(),
                        t.subscriptions().getOrDefault(e.getKey(), List.of())))
            .toList(),
        t.links().stream()
            .map(
                l ->
                    new Link(
                        l.a().toString(), t.name(l.a()), l.b().toString(), t.name(l.b()), l.cost()))
            .toList());
  }

  static TopologyView disabled(String reason) {
    return new TopologyView(false, reason, null, List.of(), List.of());
  }
}
