package io.starling.runtime.discovery.internal;

import io.starling.runtime.discovery.Discovery;
import io.starling.runtime.discovery.DiscoveryListener;
import io.starling.runtime.discovery.DiscoverySettings;
import io.starling.runtime.discovery.LocalService;
import io.starling.runtime.schedule.TaskScheduler;
import java.io.IOException;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link Discovery} over jmDNS: one jmDNS instance per chosen interface address, each created with
 * an explicit host name ({@code <node>-<id prefix>.local.}), announcing {@code _coap._udp.local.}
 * with subtype {@code _starling} and browsing for the subtype. Interfaces are polled on the given
 * scheduler; apart from jmDNS's own threads (about five per instance) nothing here owns a thread.
 *
 * <p>Closing: a jmDNS instance's {@code close()} blocks until its goodbyes are sent: about 2 s with
 * jmDNS's timing, about 0.5 s with {@link FastStartJmDNS}'s. {@link #close()} closes all instances
 * in parallel on virtual threads and waits at most {@link DiscoverySettings#closeTimeout()}; an
 * interface that disappears loses its peers at once and is closed in the background.
 */
public final class JmdnsDiscovery implements Discovery {

  private static final Logger LOG = LoggerFactory.getLogger(JmdnsDiscovery.class);

  private final LocalService self;
  private final DiscoverySettings settings;
  private final TaskScheduler scheduler;
  private final PeerTable peers = new PeerTable();
  private final Map<String, MdnsLink> links = new LinkedHashMap<>();
  private final AtomicInteger dropped = new AtomicInteger();
  private TaskScheduler.Cancellable nextPoll;
  private boolean started;
  private boolean closed;

  /** Discovery for {@code self}; nothing happens until {@link #start()}. */
  public JmdnsDiscovery(LocalService self, DiscoverySettings settings, TaskScheduler scheduler) {
    this.self = Objects.requireNonNull(self, "self");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
  }

  @Override
  public synchronized void start() {
    if (closed) {
      throw new IllegalStateException("discovery: already closed");
    }
    if (started) {
      return;
    }
    started = true;
    nextPoll = scheduler.schedule(java.time.Duration.ZERO, this::poll);
  }

  @Override
  public void addListener(DiscoveryListener listener) {
    peers.addListener(Objects.requireNonNull(listener, "listener"));
  }

  /** Announcements that were malformed or stayed incomplete, dropped since start. */
  public int dropped() {
    return dropped.get();
  }

  /** Keys ({@code eth0/169.254.0.1}) of the interface addresses mDNS runs on now. */
  public synchronized Set<String> activeBindings() {
    return Set.copyOf(links.keySet());
  }

  private void poll() {
    List<InterfaceChoice.Binding> wanted;
    try {
      wanted =
          InterfaceChoice.choose(InterfaceChoice.scan(), settings.interfaces(), settings.ipv6());
    } catch (SocketException e) {
      LOG.warn("discovery: cannot list network interfaces: {}", e.getMessage());
      wanted = null;
    }
    synchronized (this) {
      if (closed) {
        return;
      }
      if (wanted != null) {
        follow(wanted);
      }
      links.values().forEach(MdnsLink::checkName);
      links.values().forEach(MdnsLink::expire);
      nextPoll = scheduler.schedule(settings.interfacePollInterval(), this::poll);
    }
  }

  private void follow(List<InterfaceChoice.Binding> wanted) {
    Set<String> wantedKeys =
        wanted.stream().map(InterfaceChoice.Binding::key).collect(Collectors.toSet());
    List<MdnsLink> gone = new ArrayList<>();
    links
        .values()
        .removeIf(
            link -> {
              if (wantedKeys.contains(link.binding().key())) {
                return false;
              }
              gone.add(link);
              return true;
            });
    for (MdnsLink link : gone) {
      LOG.info("discovery: {} is gone; leaving it", link.binding().key());
      peers.linkClosed(link.binding().key()); // now, not after jmDNS's close returns
      Thread.ofVirtual().name("starling-mdns-close").start(link::close);
    }
    for (InterfaceChoice.Binding binding : wanted) {
      if (links.containsKey(binding.key())) {
        continue;
      }
      MdnsLink link =
          new MdnsLink(
              binding,
              self,
              peers,
              scheduler,
              settings.resolveRetryInterval(),
              settings.resolveAttempts(),
              dropped);
      try {
        link.open();
        links.put(binding.key(), link);
      } catch (IOException | RuntimeException e) {
        // Retried on the next poll: an address can be unusable for a moment (IPv6 DAD).
        LOG.warn("discovery: cannot start mDNS on {}: {}", binding.key(), e.toString());
        Thread.ofVirtual().name("starling-mdns-close").start(link::close);
      }
    }
  }

  @Override
  public void close() {
    List<MdnsLink> toClose;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      if (nextPoll != null) {
        nextPoll.cancel();
      }
      peers.removeListeners(); // our own leaving is not a peer lost
      toClose = new ArrayList<>(links.values());
      links.clear();
    }
    List<Thread> closers = new ArrayList<>();
    for (MdnsLink link : toClose) {
      closers.add(Thread.ofVirtual().name("starling-mdns-close").start(link::close));
    }
    long deadline = System.nanoTime() + settings.closeTimeout().toNanos();
    try {
      for (Thread t : closers) {
        long left = deadline - System.nanoTime();
        if (left <= 0 || !t.join(java.time.Duration.ofNanos(left))) {
          LOG.info(
              "discovery: goodbyes still being sent after {} ms; not waiting",
              TimeUnit.NANOSECONDS.toMillis(settings.closeTimeout().toNanos()));
          break;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
