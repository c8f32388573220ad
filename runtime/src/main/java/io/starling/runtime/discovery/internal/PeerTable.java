package io.starling.runtime.discovery.internal;

import io.starling.runtime.discovery.Announcement;
import io.starling.runtime.discovery.DiscoveryListener;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Peers per (interface, instance name), merged over the jmDNS instances on that interface (IPv4 and
 * IPv6): {@code found} when the first reports a complete announcement or a changed one, {@code
 * lost} when the last one loses it.
 */
final class PeerTable {

  private static final Logger LOG = LoggerFactory.getLogger(PeerTable.class);

  private final List<DiscoveryListener> listeners = new CopyOnWriteArrayList<>();
  private final Map<String, Entry> entries = new HashMap<>();

  private static final class Entry {
    Announcement current;
    final Set<String> links = new HashSet<>();
  }

  synchronized void addListener(DiscoveryListener listener) {
    listeners.add(listener);
    for (Entry e : entries.values()) {
      listener.found(e.current);
    }
  }

  synchronized void removeListeners() {
    listeners.clear();
  }

  synchronized void found(String linkKey, String instanceKey, Announcement announcement) {
    String key = announcement.interfaceName() + "/" + instanceKey;
    Entry e = entries.computeIfAbsent(key, k -> new Entry());
    e.links.add(linkKey);
    if (announcement.equals(e.current)) {
      return;
    }
    e.current = announcement;
    LOG.debug(
        "discovery: found '{}' id {} mesh {} at {}:{} on {}",
        announcement.instanceName(),
        announcement.nodeId(),
        announcement.mesh(),
        announcement.addresses(),
        announcement.port(),
        announcement.interfaceName());
    for (DiscoveryListener l : listeners) {
      notify(() -> l.found(announcement));
    }
  }

  synchronized void lost(String linkKey, String interfaceName, String instanceKey) {
    String key = interfaceName + "/" + instanceKey;
    Entry e = entries.get(key);
    if (e == null || !e.links.remove(linkKey) || !e.links.isEmpty()) {
      return;
    }
    entries.remove(key);
    report(e.current);
  }

  /**
   * A jmDNS instance went away (interface down, close): its peers are lost unless seen elsewhere.
   */
  synchronized void linkClosed(String linkKey) {
    List<Announcement> gone = new ArrayList<>();
    entries
        .values()
        .removeIf(
            e -> {
              if (e.links.remove(linkKey) && e.links.isEmpty()) {
                gone.add(e.current);
                return true;
              }
              return false;
            });
    gone.forEach(this::report);
  }

  private void report(Announcement announcement) {
    LOG.debug(
        "discovery: lost '{}' id {} on {}",
        announcement.instanceName(),
        announcement.nodeId(),
        announcement.interfaceName());
    for (DiscoveryListener l : listeners) {
      notify(() -> l.lost(announcement));
    }
  }

  private static void notify(Runnable call) {
    try {
      call.run();
    } catch (RuntimeException ex) {
      LOG.warn("discovery: a listener failed", ex);
    }
  }
}
