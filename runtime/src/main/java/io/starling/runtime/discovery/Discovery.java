package io.starling.runtime.discovery;

import io.starling.runtime.discovery.internal.JmdnsDiscovery;
import io.starling.runtime.schedule.TaskScheduler;

/**
 * Announces this node on every chosen link and reports peers that announce themselves. Listeners
 * are called on a discovery thread and must return promptly.
 */
public interface Discovery extends AutoCloseable {

  /**
   * Starts announcing and browsing on the chosen interfaces, and keeps following interfaces as they
   * come and go. Returns without waiting for the network.
   */
  void start();

  /** Adds a listener; peers already found are reported to it at once. */
  void addListener(DiscoveryListener listener);

  /**
   * Withdraws this node's records with goodbye packets (RFC 6762 §10.1, TTL 0) and releases every
   * socket and thread. Blocks up to {@link DiscoverySettings#closeTimeout()}: mDNS sends its three
   * goodbyes 250 ms apart (about 0.5 s), on all interfaces in parallel.
   */
  @Override
  void close();

  /**
   * DNS-SD over mDNS for the node {@code self}, on the interfaces {@code settings} chooses, with
   * interface polling, probing, announcing and goodbyes on {@code scheduler}: close this discovery
   * before that scheduler stops, or no goodbye is sent.
   */
  static Discovery mdns(LocalService self, DiscoverySettings settings, TaskScheduler scheduler) {
    return new JmdnsDiscovery(self, settings, scheduler);
  }
}
