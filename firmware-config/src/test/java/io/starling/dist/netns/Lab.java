package io.starling.dist.netns;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A network of real Linux links and hosts for one test, built inside the namespaces {@code
 * scripts/ns-java} gave the test JVM (failsafe execution {@code netns}, tests named {@code
 * *NetnsIT}): links are bridges in the test JVM's own network namespace, hosts are network
 * namespaces with a veth on each of their links. Nothing is routed out: addresses are IPv4
 * link-local ({@code 169.254.<link#>.<host#>/24}, RFC 3927) and IPv6 link-local.
 *
 * <pre>
 * try (Lab lab = Lab.open(tempDir)) {
 *   Link lan = lab.link("lan");
 *   Host a = lab.host("a", lan);
 *   NodeProcess node = a.start("run", "--profile", profile.toString());
 *   node.awaitReady(Duration.ofSeconds(20));
 *   lab.cut(a, lan);
 * }
 * </pre>
 *
 * <p>{@link #close()} kills the node JVMs it started (by PID) and deletes its namespaces, veths and
 * bridges. Should a test JVM die instead, everything still goes with its namespaces.
 */
public final class Lab implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Lab.class);

  /** Interface names are at most 15 characters (IFNAMSIZ); the port name is host-link. */
  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9]{0,6}");

  private final Path directory;
  private final Map<String, Link> links = new LinkedHashMap<>();
  private final Map<String, Host> hosts = new LinkedHashMap<>();
  private final List<NodeProcess> nodes = new ArrayList<>();

  private Lab(Path directory) {
    this.directory = directory;
  }

  /**
   * Opens a lab whose files (node working directories, stderr) live under {@code directory}. Aborts
   * the calling test (JUnit assumption) unless the JVM runs in its own namespaces, so a lab never
   * touches the machine's real network.
   */
  public static Lab open(Path directory) {
    String flag = System.getenv("STARLING_NETNS_LAB");
    Assumptions.assumeTrue(
        "1".equals(flag),
        () ->
            flag == null
                ? "not in a network-namespace lab: run *NetnsIT with failsafe execution 'netns'"
                    + " (its <jvm> is scripts/ns-java)"
                : "no network namespaces here: " + System.getenv("STARLING_NETNS_REASON"));
    try {
      return new Lab(Files.createDirectories(directory));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Where the lab keeps its files. */
  public Path directory() {
    return directory;
  }

  /** Creates link {@code name}: a bridge with multicast snooping off, up. */
  public Link link(String name) {
    checkName("link", name);
    if (links.containsKey(name) || links.size() >= 254) {
      throw new IllegalArgumentException("link " + name + " exists, or too many links");
    }
    Link link = new Link(name, links.size() + 1);
    ip("link", "add", name, "up", "type", "bridge", "mcast_snooping", "0");
    links.put(name, link);
    return link;
  }

  /**
   * Creates host {@code name} on {@code onLinks}: a network namespace with {@code lo} up, one veth
   * per link ({@code eth0}, {@code eth1}… inside; {@code <host>-<link>} on the bridge), each
   * addressed {@code 169.254.<link#>.<host#>/24} and up, a multicast route via {@code eth0}, and
   * IPv6 DAD off.
   */
  public Host host(String name, Link... onLinks) {
    checkName("host", name);
    if (hosts.containsKey(name) || hosts.size() >= 254) {
      throw new IllegalArgumentException("host " + name + " exists, or too many hosts");
    }
    if (onLinks.length == 0) {
      throw new IllegalArgumentException("host " + name + " needs at least one link");
    }
    Host host = new Host(this, name, hosts.size() + 1, List.of(onLinks));
    ip("netns", "add", name);
    hosts.put(name, host);
    host.exec(
            "sysctl", "-qw", "net.ipv6.conf.all.accept_dad=0", "net.ipv6.conf.default.accept_dad=0")
        .orThrow(name + ": sysctl accept_dad=0");
    List<String> outside = new ArrayList<>();
    List<String> inside = new ArrayList<>(List.of("link set lo up"));
    for (Link link : onLinks) {
      String port = port(host, link);
      String dev = host.iface(link);
      outside.add("link add " + port + " type veth peer name " + dev + " netns " + name);
      outside.add("link set " + port + " master " + link.name() + " up");
      inside.add("addr add " + host.address(link) + "/24 dev " + dev);
      inside.add("link set " + dev + " up");
    }
    inside.add("route replace 224.0.0.0/4 dev eth0");
    batch(null, outside);
    batch(name, inside);
    return host;
  }

  /** Cuts {@code host} off {@code link}: its bridge port goes down (the host sees no carrier). */
  public void cut(Host host, Link link) {
    ip("link", "set", port(host, link), "down");
  }

  /** Undoes {@link #cut}: the bridge port comes up again. */
  public void restore(Host host, Link link) {
    ip("link", "set", port(host, link), "up");
  }

  /** The hosts made so far. */
  public List<Host> hosts() {
    return List.copyOf(hosts.values());
  }

  /** The node processes started so far. */
  public List<NodeProcess> nodes() {
    synchronized (nodes) {
      return List.copyOf(nodes);
    }
  }

  void started(NodeProcess node) {
    synchronized (nodes) {
      nodes.add(node);
    }
  }

  private static String port(Host host, Link link) {
    host.iface(link);
    return host.name() + "-" + link.name();
  }

  private static void checkName(String what, String name) {
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          what + " name '" + name + "' must match " + NAME + " (interface names <= 15 chars)");
    }
  }

  private static void ip(String... args) {
    List<String> command = new ArrayList<>(List.of("ip"));
    command.addAll(List.of(args));
    CommandResult.run(command, CommandResult.DEFAULT_TIMEOUT).orThrow(String.join(" ", command));
  }

  /** Runs {@code ip [-n netns] -batch FILE} with {@code lines}. */
  private void batch(String netns, List<String> lines) {
    try {
      Path file = Files.createTempFile(directory, "ip-", ".batch");
      Files.write(file, lines);
      List<String> command = new ArrayList<>(List.of("ip"));
      if (netns != null) {
        command.addAll(List.of("-n", netns));
      }
      command.addAll(List.of("-batch", file.toString()));
      CommandResult.run(command, CommandResult.DEFAULT_TIMEOUT)
          .orThrow("ip batch " + String.join("; ", lines));
      Files.delete(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Kills every node JVM this lab started (SIGKILL, by PID) and deletes its hosts (namespaces, with
   * their veths) and links (bridges). Keeps going past failures, then reports them.
   */
  @Override
  public void close() {
    List<String> failures = new ArrayList<>();
    for (NodeProcess node : nodes()) {
      node.destroy();
      if (node.isAlive()) {
        failures.add("node " + node.pid() + " on " + node.host().name() + " still alive");
      }
    }
    for (Host host : hosts.values()) {
      // veths first, by hand: a deleted namespace is torn down asynchronously by the kernel,
      // and its veths (with their bridge-side ports) would linger for a moment.
      for (Link link : host.links()) {
        CommandResult r =
            CommandResult.run(
                List.of("ip", "link", "del", port(host, link)), Duration.ofSeconds(10));
        if (!r.ok()) {
          failures.add("ip link del " + port(host, link) + ": " + r.output().trim());
        }
      }
      CommandResult r =
          CommandResult.run(List.of("ip", "netns", "del", host.name()), Duration.ofSeconds(10));
      if (!r.ok()) {
        failures.add("ip netns del " + host.name() + ": " + r.output().trim());
      }
    }
    for (String link : links.keySet()) {
      CommandResult r =
          CommandResult.run(List.of("ip", "link", "del", link), Duration.ofSeconds(10));
      if (!r.ok()) {
        failures.add("ip link del " + link + ": " + r.output().trim());
      }
    }
    hosts.clear();
    links.clear();
    if (!failures.isEmpty()) {
      LOG.warn("lab close left things behind: {}", failures);
      throw new IllegalStateException("lab close: " + failures);
    }
  }
}
