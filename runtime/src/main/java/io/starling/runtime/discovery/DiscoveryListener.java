package io.starling.runtime.discovery;

/** Hears about peers appearing and going away on a link. */
public interface DiscoveryListener {

  /**
   * A peer's announcement was resolved completely (TXT with {@code v}, {@code id}, {@code mesh};
   * port; addresses), or changed. Called again if the same peer is seen on another interface.
   */
  void found(Announcement announcement);

  /**
   * A peer withdrew its service (goodbye) or its records expired. Never the only liveness signal: a
   * crashed peer sends no goodbye.
   */
  void lost(Announcement announcement);
}
