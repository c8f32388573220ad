package io.starling.dist.netns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.starling.runtime.cli.Main;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Interop: {@code avahi-browse -rtp _coap._udp} in a namespace lists our nodes with their TXT
 * records. Host {@code av} runs a private {@code dbus-daemon} (its own config and socket in the
 * test directory) and {@code avahi-daemon} (its own config, {@code --no-drop-root --no-chroot}, its
 * runtime directory {@code /run/avahi-daemon} on the lab's private {@code /run}); hosts {@code n1}
 * and {@code n2} run enrolled nodes that announce themselves by mDNS.
 */
class AvahiInteropNetnsIT {

  private static final Logger LOG = LoggerFactory.getLogger(AvahiInteropNetnsIT.class);

  private static final Duration BROWSE_TIMEOUT = Duration.ofSeconds(20);

  @TempDir Path dir;

  private Lab lab;

  /** Daemons this test started (dbus-daemon, avahi-daemon), stopped by PID in {@link #close}. */
  private final List<Process> daemons = new ArrayList<>();

  @BeforeEach
  void lab() {
    Assumptions.assumeTrue(
        "1".equals(System.getenv("STARLING_NETNS_LAB")),
        "network namespaces unavailable: " + System.getenv("STARLING_NETNS_REASON"));
    HostPackages.ensureCommand("avahi-daemon", "avahi-daemon");
    HostPackages.ensureCommand("avahi-browse", "avahi-utils");
    HostPackages.ensureCommand("dbus-daemon", "dbus");
    lab = Lab.open(dir.resolve("lab"));
  }

  @AfterEach
  void close() {
    // avahi first (it says goodbye on the bus and the link), then the bus, then the lab.
    for (Process p : daemons.reversed()) {
      stop(p);
    }
    daemons.clear();
    if (lab != null) {
      lab.close();
    }
  }

  private static void stop(Process p) {
    if (!p.isAlive()) {
      return;
    }
    CommandResult.run(List.of("kill", "-TERM", Long.toString(p.pid())), Duration.ofSeconds(5));
    try {
      if (!p.waitFor(5, TimeUnit.SECONDS)) {
        p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void cli(String... args) {
    StringWriter err = new StringWriter();
    int code =
        Main.execute(args, new PrintWriter(new StringWriter(), true), new PrintWriter(err, true));
    assertThat(code).as("starling %s: %s", String.join(" ", args), err).isZero();
  }

  @Test
  void avahi_browse_lists_our_nodes_with_their_txt_records() throws Exception {
    Link lan = lab.link("lan");
    Host av = lab.host("av", lan);
    String bus = startAvahi(av);

    Path ca = dir.resolve("ca");
    cli("ca", "init", "--out", ca.toString(), "--name", "greenhouse-ca");
    Map<String, NodeProcess> nodes = new LinkedHashMap<>();
    Map<String, Host> hostOf = new LinkedHashMap<>();
    hostOf.put("greenhouse-1", lab.host("n1", lan));
    hostOf.put("shed-2", lab.host("n2", lan));
    for (String name : hostOf.keySet()) {
      Host host = hostOf.get(name);
      Path device = dir.resolve(name);
      cli("enroll", "--ca", ca.toString(), "--name", name, "--out", device.toString());
      Path profile = device.resolve("profile.yaml");
      Files.writeString(
          profile,
          """
          node: {name: %s, mesh: greenhouse, data: state}
          security: {key: node.key, certificate: node.crt, trust: ca.crt}
          sensors:
            - {name: air, driver: simulated, interval: 5s}
          """
              .formatted(name));
      nodes.put(name, host.start("run", "--profile", profile.toString()));
    }
    Map<String, NodeProcess.Ready> ready = new LinkedHashMap<>();
    nodes.forEach((name, node) -> ready.put(name, node.awaitReady(Duration.ofSeconds(30))));
    long readyAt = System.nanoTime();

    List<Resolved> all = awaitBrowse(av, bus, "_coap._udp", ready);
    LOG.info(
        "avahi-browse -rtp _coap._udp resolved both nodes {} ms after they were ready: {}",
        (System.nanoTime() - readyAt) / 1_000_000,
        all);
    for (Map.Entry<String, NodeProcess.Ready> e : ready.entrySet()) {
      Resolved r = find(all, e.getValue().id()).orElseThrow();
      assertThat(r.name()).isEqualTo(e.getKey());
      assertThat(r.type()).isEqualTo("_coap._udp");
      assertThat(r.address()).isEqualTo(hostOf.get(e.getKey()).address(lan));
      assertThat(r.port()).isEqualTo(e.getValue().port());
      assertThat(r.txt())
          .contains("\"id=" + e.getValue().id() + "\"", "\"mesh=greenhouse\"", "\"v=1\"");
    }

    // RFC 6763 §7.1 subtype: avahi-browse passes it to avahi-daemon as the service type, which
    // asks for PTR _starling._sub._coap._udp.local.; the instances resolve as _coap._udp.
    List<Resolved> sub = awaitBrowse(av, bus, "_starling._sub._coap._udp", ready);
    LOG.info("avahi-browse -rtp _starling._sub._coap._udp resolved: {}", sub);
    for (NodeProcess.Ready r : ready.values()) {
      assertThat(find(sub, r.id())).isPresent();
    }
  }

  /** One {@code =} line of {@code avahi-browse -p}: a resolved service. */
  record Resolved(
      String iface,
      String protocol,
      String name,
      String type,
      String domain,
      String hostName,
      String address,
      int port,
      String txt) {

    static Optional<Resolved> parse(String line) {
      if (!line.startsWith("=;")) {
        return Optional.empty();
      }
      String[] f = line.split(";", 10);
      if (f.length < 10) {
        return Optional.empty();
      }
      return Optional.of(
          new Resolved(
              f[1], f[2], unescape(f[3]), f[4], f[5], f[6], f[7], Integer.parseInt(f[8]), f[9]));
    }

    /** avahi-browse -p escapes bytes of names as {@code \DDD} (decimal), e.g. space as \032. */
    private static String unescape(String s) {
      StringBuilder b = new StringBuilder();
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        if (c == '\\' && i + 3 < s.length() && s.substring(i + 1, i + 4).matches("\\d{3}")) {
          b.append((char) Integer.parseInt(s.substring(i + 1, i + 4)));
          i += 3;
        } else {
          b.append(c);
        }
      }
      return b.toString();
    }
  }

  private static Optional<Resolved> find(List<Resolved> all, String id) {
    return all.stream().filter(r -> r.txt().contains("\"id=" + id + "\"")).findFirst();
  }

  /**
   * Runs {@code avahi-browse -rtp TYPE} in {@code av} until every node in {@code ready} appears
   * resolved with its id in TXT; returns the resolved lines of the last run.
   */
  private static List<Resolved> awaitBrowse(
      Host av, String bus, String type, Map<String, NodeProcess.Ready> ready) {
    AtomicReference<CommandResult> last = new AtomicReference<>();
    return await("avahi-browse -rtp " + type + " lists " + ready.keySet())
        .atMost(BROWSE_TIMEOUT)
        .pollInterval(Duration.ofMillis(500))
        .conditionEvaluationListener(
            c -> {
              if (!c.isSatisfied() && c.getRemainingTimeInMS() <= 500 && last.get() != null) {
                LOG.error("last avahi-browse -rtp {}: {}", type, last.get());
              }
            })
        .until(
            () -> {
              CommandResult r =
                  av.exec("env", "DBUS_SYSTEM_BUS_ADDRESS=" + bus, "avahi-browse", "-rtp", type);
              last.set(r);
              return r.output().lines().map(Resolved::parse).flatMap(Optional::stream).toList();
            },
            all -> ready.values().stream().allMatch(n -> find(all, n.id()).isPresent()));
  }

  /**
   * Starts a private dbus-daemon and avahi-daemon in {@code av}; returns the bus address
   * (DBUS_SYSTEM_BUS_ADDRESS for avahi's clients).
   */
  private String startAvahi(Host av) throws IOException {
    Path conf = Files.createDirectories(dir.resolve("avahi"));
    Path socket = conf.resolve("bus");
    String bus = "unix:path=" + socket;
    Path busConf = conf.resolve("bus.conf");
    Files.writeString(
        busConf,
        """
        <!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
         "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
        <busconfig>
          <type>system</type>
          <listen>%s</listen>
          <auth>EXTERNAL</auth>
          <policy context="default">
            <allow user="*"/>
            <allow own="*"/>
            <allow send_destination="*"/>
            <allow receive_sender="*"/>
          </policy>
        </busconfig>
        """
            .formatted(bus));
    Process dbus =
        start(
            av,
            conf.resolve("dbus.out"),
            Map.of(),
            "dbus-daemon",
            "--config-file=" + busConf,
            "--nofork",
            "--nopidfile",
            "--print-address");
    awaitOutput(dbus, conf.resolve("dbus.out"), "unix:path=", "dbus-daemon");

    Path avahiConf = conf.resolve("avahi-daemon.conf");
    Files.writeString(
        avahiConf,
        """
        [server]
        host-name=av
        domain-name=local
        use-ipv4=yes
        use-ipv6=no
        allow-interfaces=eth0
        enable-dbus=yes
        ratelimit-interval-usec=1000000
        ratelimit-burst=1000

        [wide-area]
        enable-wide-area=no

        [publish]
        publish-hinfo=no
        publish-workstation=no

        [reflector]
        enable-reflector=no
        """);
    // /run is the lab's private tmpfs: this runtime directory (pid file, socket) is ours alone.
    Files.createDirectories(Path.of("/run/avahi-daemon"));
    Process avahi =
        start(
            av,
            conf.resolve("avahi.out"),
            Map.of("DBUS_SYSTEM_BUS_ADDRESS", bus),
            "avahi-daemon",
            "--no-drop-root",
            "--no-chroot",
            "--no-rlimits",
            "--no-proc-title",
            "-f",
            avahiConf.toString());
    awaitOutput(avahi, conf.resolve("avahi.out"), "Server startup complete", "avahi-daemon");
    return bus;
  }

  private Process start(Host host, Path out, Map<String, String> env, String... command)
      throws IOException {
    List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", host.name()));
    full.addAll(List.of(command));
    ProcessBuilder pb =
        new ProcessBuilder(full)
            .redirectErrorStream(true)
            .redirectOutput(out.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
    pb.environment().putAll(env);
    Process p = pb.start();
    daemons.add(p);
    LOG.info("started {} in {} as pid {}", command[0], host.name(), p.pid());
    return p;
  }

  private static void awaitOutput(Process p, Path out, String text, String what) {
    await(what + " says '" + text + "'")
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(20))
        .failFast(
            () -> {
              if (!p.isAlive()) {
                throw new AssertionError(what + " exited: " + read(out));
              }
            })
        .until(() -> read(out).contains(text));
  }

  private static String read(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file) : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
