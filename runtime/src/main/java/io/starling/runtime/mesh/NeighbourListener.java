package io.starling.runtime.mesh;

/** Told when a neighbour comes UP or goes DOWN. Called on the mesh's thread; must not block. */
public interface NeighbourListener {

  /** {@code neighbour} is UP: its hellos arrive and verify. */
  void up(Neighbour neighbour);

  /** {@code neighbour} is DOWN: silent for too long, or it said goodbye. */
  void down(Neighbour neighbour);
}
