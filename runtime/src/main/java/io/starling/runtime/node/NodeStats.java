package io.starling.runtime.node;

import io.starling.runtime.mesh.Router;
import io.starling.runtime.mesh.RoutingStats;
import java.util.Map;

/**
 * A node's counters as served at {@code /mesh/stats} (JSON).
 *
 * @param commands what happened to commands sent to this node's actuators
 * @param routing adverts and summaries (null if the node joins no mesh)
 * @param forwarding routed messages (null if the node joins no mesh)
 * @param pubsub publications and deliveries (null if the node joins no mesh)
 * @param automations per automation of the profile: evaluated, fired, applied, failed
 */
public record NodeStats(
    Commands commands,
    RoutingStats routing,
    Router.Stats forwarding,
    Map<String, Long> pubsub,
    Map<String, Map<String, Long>> automations) {

  /**
   * Command counters.
   *
   * @param accepted commands applied
   * @param duplicates retries answered from the first result without applying again
   * @param rejected every rejection reason (docs/PROTOCOL.md) with its count, zeros included
   */
  public record Commands(long accepted, long duplicates, Map<String, Long> rejected) {}
}
