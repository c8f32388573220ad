package io.starling.dist.netns;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A host of the lab: a network namespace with one veth per link it is on, named {@code eth0},
 * {@code eth1}… in the order of the links, addressed {@code 169.254.<link#>.<host#>/24}. Multicast
 * goes out of {@code eth0}; IPv6 duplicate address detection is off, so link-local addresses work
 * at once.
 */
public final class Host {

  private final Lab lab;
  private final String name;
  private final int number;
  private final List<Link> links;

  Host(Lab lab, String name, int number, List<Link> links) {
    this.lab = lab;
    this.name = name;
    this.number = number;
    this.links = List.copyOf(links);
  }

  /** The namespace's name ({@code ip netns exec NAME …}). */
  public String name() {
    return name;
  }

  /** 1..254, the last octet of this host's addresses. */
  public int number() {
    return number;
  }

  /** The links this host is on, in interface order. */
  public List<Link> links() {
    return links;
  }

  /** The interface inside this host that is on {@code link}: {@code eth<index>}. */
  public String iface(Link link) {
    int i = links.indexOf(link);
    if (i < 0) {
      throw new IllegalArgumentException(name + " is not on link " + link.name());
    }
    return "eth" + i;
  }

  /** This host's IPv4 address on {@code link}, e.g. {@code 169.254.1.2}. */
  public String address(Link link) {
    iface(link);
    return "169.254." + link.number() + "." + number;
  }

  /** Runs {@code command} in this host's namespace ({@code ip netns exec}) and waits for it. */
  public CommandResult exec(String... command) {
    List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", name));
    full.addAll(List.of(command));
    return CommandResult.run(full, CommandResult.DEFAULT_TIMEOUT);
  }

  /**
   * Makes this host lose each packet on {@code link} with {@code probability}, in both directions
   * (iptables {@code statistic} DROP on OUTPUT of the interface and on INPUT from it): a lossy
   * radio loses frames either way, and CoAP must retransmit past both. {@code 0} removes the loss.
   */
  public void loss(Link link, double probability) {
    if (probability < 0 || probability >= 1) {
      throw new IllegalArgumentException("loss probability " + probability + " not in [0, 1)");
    }
    HostPackages.ensureCommand("iptables", "iptables");
    String dev = iface(link);
    exec("iptables", "-F", "OUTPUT").orThrow(name + ": iptables -F OUTPUT");
    exec("iptables", "-F", "INPUT").orThrow(name + ": iptables -F INPUT");
    if (probability == 0) {
      return;
    }
    String p = Double.toString(probability);
    exec(statisticDrop("OUTPUT", "-o", dev, p)).orThrow(name + ": loss on OUTPUT " + dev);
    exec(statisticDrop("INPUT", "-i", dev, p)).orThrow(name + ": loss on INPUT " + dev);
  }

  private static String[] statisticDrop(String chain, String dirFlag, String dev, String p) {
    return new String[] {
      "iptables",
      "-A",
      chain,
      dirFlag,
      dev,
      "-m",
      "statistic",
      "--mode",
      "random",
      "--probability",
      p,
      "-j",
      "DROP"
    };
  }

  /** Packets dropped so far by {@link #loss}, both directions. */
  public long droppedPackets() {
    long total = 0;
    for (String chain : List.of("OUTPUT", "INPUT")) {
      String out = exec("iptables", "-L", chain, "-v", "-n", "-x").orThrow("iptables -L").output();
      for (String line : out.lines().toList()) {
        String[] f = line.trim().split("\\s+");
        if (f.length > 2 && f[2].equals("DROP")) {
          total += Long.parseLong(f[0]);
        }
      }
    }
    return total;
  }

  /**
   * Starts the packaged CLI ({@code starling ARGS}) in this host's namespace, as the launcher
   * would: the test JVM's own java, the distribution's {@code lib/*}, a small heap. Its working
   * directory and stderr file are under the lab's directory.
   */
  public NodeProcess start(String... starlingArgs) {
    Path dist = Path.of(System.getProperty("starling.dist"));
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> command =
        new ArrayList<>(
            List.of(
                "ip",
                "netns",
                "exec",
                name,
                java,
                "-Xmx32m",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-XX:-UsePerfData",
                "-cp",
                dist.resolve("lib").toAbsolutePath() + "/*",
                "io.starling.runtime.cli.Main"));
    command.addAll(List.of(starlingArgs));
    try {
      Path dir = Files.createDirectories(lab.directory().resolve(name));
      Path stderr = Files.createTempFile(dir, "node-", ".stderr");
      ProcessBuilder pb =
          new ProcessBuilder(command)
              .directory(dir.toFile())
              .redirectError(stderr.toFile())
              .redirectInput(ProcessBuilder.Redirect.PIPE);
      pb.environment().put("XDG_STATE_HOME", dir.resolve("state").toString());
      pb.environment().remove("STATE_DIRECTORY");
      long t0 = System.nanoTime();
      NodeProcess node = new NodeProcess(this, pb.start(), stderr, t0);
      lab.started(node);
      return node;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start starling in " + name, e);
    }
  }

  @Override
  public String toString() {
    return "host " + name;
  }
}
