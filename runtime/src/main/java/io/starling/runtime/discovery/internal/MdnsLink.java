package io.starling.runtime.discovery.internal;

import io.starling.runtime.discovery.LocalService;
import io.starling.runtime.schedule.TaskScheduler;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import javax.jmdns.ServiceEvent;
import javax.jmdns.ServiceInfo;
import javax.jmdns.ServiceListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One jmDNS instance on one interface address: announces this node, browses for CoAP services and
 * feeds complete announcements to a {@link PeerTable}.
 */
final class MdnsLink implements ServiceListener {

  private static final Logger LOG = LoggerFactory.getLogger(MdnsLink.class);

  private final InterfaceChoice.Binding binding;
  private final LocalService self;
  private final PeerTable peers;
  private final TaskScheduler scheduler;
  private final Duration retryInterval;
  private final int attempts;
  private final Map<String, AtomicInteger> pending = new ConcurrentHashMap<>();
  private final AtomicInteger dropped;
  private FastStartJmDNS dns;
  private ServiceInfo registered;
  private boolean conflictReported;

  MdnsLink(
      InterfaceChoice.Binding binding,
      LocalService self,
      PeerTable peers,
      TaskScheduler scheduler,
      Duration retryInterval,
      int attempts,
      AtomicInteger dropped) {
    this.binding = binding;
    this.self = self;
    this.peers = peers;
    this.scheduler = scheduler;
    this.retryInterval = retryInterval;
    this.attempts = attempts;
    this.dropped = dropped;
  }

  /**
   * Opens the jmDNS instance with an explicit host name, registers the service at once (so it is
   * probed together with the host record) and starts browsing, which sends the first query.
   */
  void open() throws IOException {
    dns = new FastStartJmDNS(binding.address(), DnsSd.hostLabel(self), scheduler);
    registered =
        ServiceInfo.create(
            DnsSd.SERVICE_TYPE,
            self.nodeName(),
            DnsSd.SUBTYPE,
            self.port(),
            0,
            0,
            TxtRecord.encode(DnsSd.txtOf(self)));
    dns.registerService(registered);
    dns.begin();
    // jmDNS dispatches browse events by the type of the PTR target (_coap._udp.local.), so a
    // listener on the subtype name never fires: browse the base type and keep only TXT-valid
    // Starling nodes. Other DNS-SD browsers can still ask for the subtype.
    dns.addServiceListener(DnsSd.SERVICE_TYPE, this);
    LOG.info(
        "discovery: announcing '{}' on {} as host {}.local.",
        self.nodeName(),
        binding.key(),
        DnsSd.hostLabel(self));
  }

  /** Warns once if mDNS conflict resolution renamed our instance (RFC 6762 §9). */
  void checkName() {
    ServiceInfo info = registered;
    if (info == null || conflictReported) {
      return;
    }
    if (!info.getName().equals(self.nodeName())) {
      conflictReported = true;
      LOG.warn(
          "discovery: another node on {} already announces the name '{}'; this node is announced"
              + " as '{}' (RFC 6762 §9). Peers tell nodes apart by id ({}), so the mesh is not"
              + " confused, but give each node its own name.",
          binding.interfaceName(),
          self.nodeName(),
          info.getName(),
          self.nodeId());
    }
  }

  /**
   * Drops expired records now and reports them removed. jmDNS keeps a goodbye (TTL 0) record for
   * one second (RFC 6762 §10.1) but only reaps its cache every 10 s, so without this a peer's
   * goodbye would be reported up to 11 s late.
   */
  void expire() {
    FastStartJmDNS d = dns;
    if (d != null && !d.isClosing() && !d.isClosed()) {
      d.cleanCache();
    }
  }

  /** Sends goodbyes and closes the instance; blocks about 0.5 s (three goodbyes 250 ms apart). */
  void close() {
    FastStartJmDNS d = dns;
    if (d != null) {
      d.removeServiceListener(DnsSd.SERVICE_TYPE, this);
      try {
        d.close();
      } catch (RuntimeException e) {
        LOG.debug("discovery: closing mDNS on {} failed: {}", binding.key(), e.toString());
      }
    }
    peers.linkClosed(binding.key());
  }

  InterfaceChoice.Binding binding() {
    return binding;
  }

  @Override
  public void serviceAdded(ServiceEvent event) {
    LOG.debug("discovery: {} saw {}", binding.key(), event.getName());
    pending.computeIfAbsent(key(event.getName()), k -> new AtomicInteger());
    request(event.getName());
  }

  @Override
  public void serviceRemoved(ServiceEvent event) {
    pending.remove(key(event.getName()));
    peers.lost(binding.key(), binding.interfaceName(), key(event.getName()));
  }

  @Override
  public void serviceResolved(ServiceEvent event) {
    onResolved(event.getName(), event.getInfo());
  }

  private void onResolved(String name, ServiceInfo info) {
    if (isSelf(info)) {
      pending.remove(key(name));
      return; // our own announcement, looped back
    }
    List<InetAddress> addresses = Arrays.asList(info.getInetAddresses());
    AnnouncementParser.Result result =
        AnnouncementParser.parse(
            name, info.getTextBytes(), info.getPort(), addresses, binding.interfaceName());
    if (result instanceof AnnouncementParser.Complete complete) {
      if (complete.announcement().nodeId().equals(self.nodeId())) {
        return; // our own record, looped back
      }
      pending.remove(key(name));
      peers.found(binding.key(), key(name), complete.announcement());
    } else if (result instanceof AnnouncementParser.Incomplete incomplete) {
      AtomicInteger tries = pending.computeIfAbsent(key(name), k -> new AtomicInteger());
      if (tries.incrementAndGet() <= attempts) {
        LOG.debug(
            "discovery: {} '{}' incomplete ({}), asking again", binding.key(), name, incomplete);
        scheduler.schedule(retryInterval, () -> request(name));
      } else {
        pending.remove(key(name));
        dropped.incrementAndGet();
        LOG.debug("discovery: {} gave up on '{}': {}", binding.key(), name, incomplete.reason());
      }
    } else if (result instanceof AnnouncementParser.Rejected rejected) {
      pending.remove(key(name));
      dropped.incrementAndGet();
      LOG.debug("discovery: {} ignores '{}': {}", binding.key(), name, rejected.reason());
    }
  }

  /**
   * Asks for SRV, TXT and addresses without blocking: jmDNS's requestServiceInfo waits up to its
   * timeout, and this runs on jmDNS's single event thread or on the shared scheduler.
   */
  private void request(String name) {
    FastStartJmDNS d = dns;
    if (d != null && !d.isClosing() && !d.isClosed() && pending.containsKey(key(name))) {
      // Reads what the cache holds now and, if SRV/TXT/address are missing, starts jmDNS's
      // resolver (three queries 225 ms apart); its answers come back as serviceResolved.
      ServiceInfo info = d.getServiceInfo(DnsSd.SERVICE_TYPE, name, false, 1);
      if (info != null && info.hasData()) {
        onResolved(name, info);
      }
    }
  }

  /**
   * By SRV target, not by instance name: until conflict resolution renames one of them, a peer may
   * carry our very name.
   */
  private boolean isSelf(ServiceInfo info) {
    FastStartJmDNS d = dns;
    String server = info.getServer();
    return d != null && server != null && server.equalsIgnoreCase(d.getLocalHost().getName());
  }

  private static String key(String instanceName) {
    return instanceName.toLowerCase(Locale.ROOT);
  }
}
