package io.starling.runtime.discovery.internal;

import io.starling.runtime.discovery.Announcement;
import io.starling.runtime.discovery.DiscoveryListener;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Peers per (interface, instance name), merged over the jmDNS instances on that interface (IPv4 and
 * IPv6, whose addresses are united, IPv4 first): {@code found} when the first reports a complete
 * announcement and again whenever the merged one changes, {@code lost} when the last loses it.
 */
final class PeerTable {

  private static final Logger LOG = LoggerFactory.getLogger(PeerTable.class);

  private final List<DiscoveryListener> listeners = new CopyOnWriteArrayList<>();
  private final Map<String, Entry> entries = new HashMap<>();

  private static final class Entry {
    Announcement current;
    final Map<String, Announcement> byLink = new LinkedHashMap<>();

    /** The first link's announcement with every link's addresses, IPv4 before IPv6. */
    Announcement merged() {
      Announcement first = byLink.values().iterator().next();
      Set<InetAddress> addresses = new LinkedHashSet<>();
      for (Announcement a : byLink.values()) {
        a.addresses().stream().filter(x -> x instanceof Inet4Address).forEach(addresses::add);
      }
      for (Announcement a : byLink.values()) {
        addresses.addAll(a.addresses());
      }
      return new Announcement(
          first.instanceName(),
          first.nodeId(),
          first.mesh(),
          first.version(),
          first.port(),
          List.copyOf(addresses),
          first.interfaceName());
    }
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
    e.byLink.put(linkKey, announcement);
    announceIfChanged(e);
  }

  private void announceIfChanged(Entry e) {
    Announcement announcement = e.merged();
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
    if (e == null || e.byLink.remove(linkKey) == null) {
      return;
    }
    if (e.byLink.isEmpty()) {
      entries.remove(key);
      report(e.current);
    } else {
      announceIfChanged(e);
    }
  }

  /**
   * A jmDNS instance went away (interface down, close): its peers are lost unless seen elsewhere.
   */
  synchronized void linkClosed(String linkKey) {
    List<Announcement> gone = new ArrayList<>();
    List<Entry> changed = new ArrayList<>();
    entries
        .values()
        .removeIf(
            e -> {
              if (e.byLink.remove(linkKey) == null) {
                return false;
              }
              if (e.byLink.isEmpty()) {
                gone.add(e.current);
                return true;
              }
              changed.add(e);
              return false;
            });
    gone.forEach(this::report);
    changed.forEach(this::announceIfChanged);
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
