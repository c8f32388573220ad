package io.starling.runtime.mesh;

import io.starling.runtime.identity.NodeId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.TreeMap;

/**
 * The mesh as one node sees it: every origin whose advert verified, and the links both of whose
 * ends report each other (a link one end claims alone does not count, so no node can pull traffic
 * through a link it merely asserts). Immutable.
 *
 * @param self the node this view belongs to
 * @param nodes every origin with a live advert, with its name
 * @param links the two-ended links
 * @param subscriptions each node's advertised topic filters (nodes without any are absent)
 */
public record Topology(
    NodeId self,
    Map<NodeId, String> nodes,
    List<Link> links,
    Map<NodeId, List<String>> subscriptions) {

  /** Copies. */
  public Topology {
    nodes = Collections.unmodifiableMap(new TreeMap<>(nodes));
    links = List.copyOf(links);
    subscriptions = Map.copyOf(subscriptions);
  }

  /**
   * A link both ends report.
   *
   * @param a the end with the smaller id
   * @param b the other end
   * @param cost the mean of the two ends' reported costs ({@link RouteCosts#link})
   */
  public record Link(NodeId a, NodeId b, int cost) {}

  /**
   * Builds the view from each origin's reported links ({@code reports}: origin → neighbour → cost).
   */
  static Topology of(
      NodeId self,
      Map<NodeId, String> names,
      Map<NodeId, Map<NodeId, Integer>> reports,
      Map<NodeId, List<String>> subscriptions) {
    List<Link> links = new ArrayList<>();
    for (Map.Entry<NodeId, Map<NodeId, Integer>> e : reports.entrySet()) {
      NodeId a = e.getKey();
      for (Map.Entry<NodeId, Integer> l : e.getValue().entrySet()) {
        NodeId b = l.getKey();
        if (a.compareTo(b) >= 0) {
          continue;
        }
        Integer back = reports.getOrDefault(b, Map.of()).get(a);
        if (back != null) {
          links.add(new Link(a, b, RouteCosts.link(l.getValue(), back)));
        }
      }
    }
    links.sort((x, y) -> x.a().equals(y.a()) ? x.b().compareTo(y.b()) : x.a().compareTo(y.a()));
    return new Topology(self, names, links, subscriptions);
  }

  /** The name of {@code id}, or its id if no advert names it. */
  public String name(NodeId id) {
    return nodes.getOrDefault(id, id.toString());
  }

  /**
   * Shortest paths from {@link #self()} to every node it can reach (Dijkstra; equal-cost ties go to
   * the path through the smaller node id, so the choice is stable).
   */
  public Map<NodeId, Route> routes() {
    Map<NodeId, List<Link>> adjacent = new HashMap<>();
    for (Link l : links) {
      adjacent.computeIfAbsent(l.a(), k -> new ArrayList<>()).add(l);
      adjacent.computeIfAbsent(l.b(), k -> new ArrayList<>()).add(l);
    }
    Map<NodeId, Integer> distance = new HashMap<>();
    Map<NodeId, NodeId> previous = new HashMap<>();
    record Item(NodeId id, int distance) {}
    PriorityQueue<Item> queue =
        new PriorityQueue<>(
            (x, y) ->
                x.distance() != y.distance()
                    ? Integer.compare(x.distance(), y.distance())
                    : x.id().compareTo(y.id()));
    distance.put(self, 0);
    queue.add(new Item(self, 0));
    List<NodeId> order = new ArrayList<>();
    while (!queue.isEmpty()) {
      Item item = queue.poll();
      if (item.distance() != distance.get(item.id())) {
        continue;
      }
      order.add(item.id());
      for (Link l : adjacent.getOrDefault(item.id(), List.of())) {
        NodeId other = l.a().equals(item.id()) ? l.b() : l.a();
        int d = item.distance() + l.cost();
        Integer known = distance.get(other);
        if (known == null
            || d < known
            || (d == known && item.id().compareTo(previous.get(other)) < 0)) {
          distance.put(other, d);
          previous.put(other, item.id());
          queue.add(new Item(other, d));
        }
      }
    }
    Map<NodeId, Route> routes = new LinkedHashMap<>();
    for (NodeId to : order) {
      if (to.equals(self)) {
        continue;
      }
      List<NodeId> path = new ArrayList<>();
      for (NodeId at = to; !at.equals(self); at = previous.get(at)) {
        path.add(at);
      }
      Collections.reverse(path);
      routes.put(to, new Route(to, path.get(0), distance.get(to), path));
    }
    return routes;
  }

  /** The id of the node called {@code name}, if exactly one is. */
  public Optional<NodeId> byName(String name) {
    List<NodeId> found = new ArrayList<>();
    nodes.forEach(
        (id, n) -> {
          if (n.equals(name)) {
            found.add(id);
          }
        });
    return found.size() == 1 ? Optional.of(found.get(0)) : Optional.empty();
  }
}
