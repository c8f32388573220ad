package io.starling.runtime.node;

/**
 * The answer of {@code POST /mesh/ping} (JSON).
 *
 * @param target the id of the node pinged, if it is known
 * @param name its name, if known
 * @param outcome {@code REPLIED}, {@code NO_ROUTE}, {@code TIMEOUT}, {@code UNKNOWN} (no such node
 *     in the mesh), {@code DISABLED} (this node joins no mesh) or {@code ERROR} (this node could
 *     not send the ping, e.g. its sequence counter cannot be written)
 * @param rttMillis the round-trip time in ms, if it replied
 * @param hopsThere the hops the ping took, if it replied
 * @param hopsBack the hops the pong took, if it replied
 * @param via the name of the first hop of the route used
 * @param error what went wrong, for a person
 */
public record PingView(
    String target,
    String name,
    String outcome,
    Double rttMillis,
    Integer hopsThere,
    Integer hopsBack,
    String via,
    String error) {

  /** Whether the target answered. */
  public boolean replied() {
    return "REPLIED".equals(outcome);
  }
}
