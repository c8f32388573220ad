package io.starling.runtime.mesh;

/** Why a routed message was dropped. Each is counted at {@code /mesh/stats}. */
public enum ForwardDrop {
  /** It came from an address that is not an UP neighbour's: only members relay. */
  NOT_A_NEIGHBOUR,
  /** The frame is cut short or its header is invalid. */
  MALFORMED,
  /** It used up its hop limit (a transient loop while routes converge, or a far destination). */
  HOP_LIMIT,
  /** No route to its destination is known here. */
  NO_ROUTE,
  /** It reached its destination, which has no handler for its channel. */
  NO_HANDLER
}
