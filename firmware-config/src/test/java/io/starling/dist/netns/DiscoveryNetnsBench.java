package io.starling.dist.netns;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.starling.runtime.cli.Main;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import org.awaitility.core.ConditionTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Discovery benchmark on a real link (network namespaces of {@link Lab}); a benchmark, not a test:
 * {@link DiscoveryBenchNetnsIT} runs it only with {@code STARLING_BENCH=1}. Three hosts on one
 * link: {@code o} runs a Starling discovery browser ({@link MdnsDiscoveryChild}) that stays up the
 * whole run, {@code p} a full enrolled {@code starling run} node, {@code n} the node that comes and
 * goes.
 *
 * <ol>
 *   <li>start→found, discovery only: a fresh child JVM on {@code n} announces a new name; measured
 *       from launching it to the {@code found} line of the browser on {@code o}. Starling's
 *       discovery ({@link MdnsDiscoveryChild}) and stock jmDNS ({@link StockJmdnsChild}) alternate,
 *       cycle by cycle, against the same browser.
 *   <li>start→found and start→UP, full node: {@code starling run} on {@code n} (stopped with
 *       SIGTERM between cycles, so its goodbyes clear the browser's cache); measured from launch to
 *       the browser's {@code found} and to {@code p}'s {@code /mesh/peers} showing it UP.
 *   <li>kill→DOWN: {@code kill -9} of the UP node on {@code n}, to {@code p}'s {@code /mesh/peers}
 *       showing it DOWN, polled every 50 ms with {@code coap-client-notls} inside {@code p}.
 * </ol>
 *
 * <p>Times are wall-clock ms of this machine (all processes share it). Polled rows are late by up
 * to one poll (50 ms plus one {@code coap-client-notls} run).
 */
public final class DiscoveryNetnsBench {

  private static final Logger LOG = LoggerFactory.getLogger(DiscoveryNetnsBench.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String MESH = "bench";
  private static final Duration POLL = Duration.ofMillis(50);
  private static final Duration WAIT = Duration.ofSeconds(20);

  private final Path dir;
  private final int startCycles;
  private final int killCycles;
  private final SecureRandom random = new SecureRandom();
  private final Map<String, List<Long>> rows = new LinkedHashMap<>();
  private final Map<String, Integer> misses = new LinkedHashMap<>();

  /** A benchmark writing its lab under {@code dir}. */
  public DiscoveryNetnsBench(Path dir, int startCycles, int killCycles) {
    this.dir = dir;
    this.startCycles = startCycles;
    this.killCycles = killCycles;
  }

  /** Runs every phase and logs the table; returns it. */
  public String run() throws Exception {
    HostPackages.ensureCommand("coap-client-notls", "libcoap3-bin");
    try (Lab lab = Lab.open(dir.resolve("lab"))) {
      Link lan = lab.link("lan");
      Host o = lab.host("o", lan);
      Host p = lab.host("p", lan);
      Host n = lab.host("n", lan);
      DiscoveryChildProcess browser =
          DiscoveryChildProcess.start(dir, o.name(), "watcher", id(), MESH, false);
      try {
        await("browser started")
            .atMost(WAIT)
            .pollInterval(POLL)
            .until(() -> browser.startedMillis().isPresent());
        discoveryOnly(browser, n, lan);
        fullNodes(browser, p, n, lan);
      } finally {
        browser.close();
      }
    }
    String table = table();
    LOG.info(
        "discovery benchmark ({} start cycles, {} kill cycles):\n{}",
        startCycles,
        killCycles,
        table);
    return table;
  }

  private void discoveryOnly(DiscoveryChildProcess browser, Host n, Link lan) throws Exception {
    for (int i = 1; i <= startCycles; i++) {
      for (boolean stock : new boolean[] {false, true}) {
        String name = (stock ? "j" : "s") + i;
        String id = id();
        String row =
            stock ? "start→found, stock jmDNS child" : "start→found, Starling discovery child";
        DiscoveryChildProcess child =
            stock
                ? DiscoveryChildProcess.start(
                    dir,
                    n.name(),
                    name,
                    id,
                    StockJmdnsChild.class.getName(),
                    List.of(name, id, MESH, "5683", n.address(lan)))
                : DiscoveryChildProcess.start(dir, n.name(), name, id, MESH, false);
        try {
          Optional<Long> found = foundAt(browser, name, child.launchedMillis);
          record(row, found.map(t -> t - child.launchedMillis));
          LOG.info("cycle {} {}: {}", i, row, found.map(t -> t - child.launchedMillis));
        } finally {
          child.close();
        }
      }
    }
  }

  private void fullNodes(DiscoveryChildProcess browser, Host p, Host n, Link lan) throws Exception {
    Path ca = dir.resolve("ca");
    cli("ca", "init", "--out", ca.toString(), "--name", "bench-ca");
    Path peerProfile = enroll(ca, "peer");
    Path nodeProfile = enroll(ca, "node");
    p.start("run", "--profile", peerProfile.toString()).awaitReady(WAIT);

    for (int i = 1; i <= startCycles; i++) {
      long launched = System.currentTimeMillis();
      NodeProcess node = n.start("run", "--profile", nodeProfile.toString());
      node.awaitReady(WAIT);
      record("start→ready line, full node", Optional.of(System.currentTimeMillis() - launched));
      Optional<Long> up = awaitState(p, lan, "node", "UP", launched);
      Optional<Long> found = foundAt(browser, "node", launched).map(t -> t - launched);
      record("start→found, full node", found);
      record("start→UP at peer /mesh/peers, full node", up);
      LOG.info("cycle {} full node: found {} UP {}", i, found, up);
      node.term();
      node.awaitExit(WAIT);
      awaitState(p, lan, "node", "!UP", System.currentTimeMillis());
      // the goodbye reaches the browser before the node is announced again
      try {
        await("browser lost node")
            .atMost(WAIT)
            .pollInterval(POLL)
            .until(() -> "lost".equals(lastEvent(browser, "node")));
      } catch (ConditionTimeoutException e) {
        LOG.warn("cycle {}: the browser did not report the stopped node lost", i);
      }
    }

    for (int i = 1; i <= killCycles; i++) {
      NodeProcess node = n.start("run", "--profile", nodeProfile.toString());
      node.awaitReady(WAIT);
      awaitState(p, lan, "node", "UP", System.currentTimeMillis());
      long killed = System.currentTimeMillis();
      node.kill9();
      node.awaitExit(WAIT);
      Optional<Long> down = awaitState(p, lan, "node", "DOWN", killed);
      record("kill -9→DOWN at peer /mesh/peers", down);
      LOG.info("cycle {} kill -9: DOWN {}", i, down);
    }
  }

  /** The last event ("found"/"lost") the browser reported about instance {@code name}. */
  private static String lastEvent(DiscoveryChildProcess browser, String name) {
    String last = null;
    for (String line : browser.lines()) {
      Matcher m = DiscoveryChildProcess.EVENT.matcher(line);
      if (m.matches() && m.group(3).equals(name)) {
        last = m.group(1);
      }
    }
    return last;
  }

  /** When the browser first reported {@code name} found at or after {@code sinceMillis}. */
  private static Optional<Long> foundAt(
      DiscoveryChildProcess browser, String name, long sinceMillis) {
    try {
      return Optional.of(
          await("found " + name)
              .atMost(WAIT)
              .pollInterval(Duration.ofMillis(10))
              .until(() -> firstFound(browser, name, sinceMillis), t -> t != null));
    } catch (ConditionTimeoutException e) {
      LOG.warn("{} not found within {}", name, WAIT);
      return Optional.empty();
    }
  }

  private static Long firstFound(DiscoveryChildProcess browser, String name, long sinceMillis) {
    for (String line : browser.lines()) {
      Matcher m = DiscoveryChildProcess.EVENT.matcher(line);
      if (m.matches()
          && m.group(1).equals("found")
          && m.group(3).equals(name)
          && Long.parseLong(m.group(2)) >= sinceMillis) {
        return Long.parseLong(m.group(2));
      }
    }
    return null;
  }

  /**
   * Polls {@code host}'s {@code /mesh/peers} every 50 ms until {@code peer} is in {@code state}
   * ({@code !UP}: anything but UP, or absent); returns ms from {@code sinceMillis}.
   */
  private static Optional<Long> awaitState(
      Host host, Link lan, String peer, String state, long sinceMillis) {
    try {
      await(host.name() + " sees " + peer + " " + state)
          .atMost(WAIT)
          .pollInterval(POLL)
          .until(
              () -> {
                String s = states(host, lan).get(peer);
                return state.equals("!UP") ? !"UP".equals(s) : state.equals(s);
              });
      return Optional.of(System.currentTimeMillis() - sinceMillis);
    } catch (ConditionTimeoutException e) {
      LOG.warn("{} did not see {} {} within {}", host.name(), peer, state, WAIT);
      return Optional.empty();
    }
  }

  private static Map<String, String> states(Host host, Link lan) {
    CommandResult r =
        host.exec(
            "coap-client-notls",
            "-m",
            "get",
            "-B",
            "2",
            "coap://" + host.address(lan) + "/mesh/peers");
    Map<String, String> states = new LinkedHashMap<>();
    try {
      for (JsonNode p : JSON.readTree(r.output()).path("peers")) {
        states.put(p.path("name").asText(), p.path("state").asText());
      }
    } catch (IOException e) {
      LOG.debug("/mesh/peers of {} is not JSON: {}", host.name(), r.output());
    }
    return states;
  }

  private Path enroll(Path ca, String name) throws IOException {
    Path device = dir.resolve("devices").resolve(name);
    cli("enroll", "--ca", ca.toString(), "--name", name, "--out", device.toString());
    Path profile = device.resolve("profile.yaml");
    Files.writeString(
        profile,
        """
        node: {name: %s, mesh: %s, data: state}
        security: {key: node.key, certificate: node.crt, trust: ca.crt}
        sensors:
          - {name: air, driver: simulated, interval: 5s}
        """
            .formatted(name, MESH));
    return profile;
  }

  private static void cli(String... args) {
    StringWriter err = new StringWriter();
    int code =
        Main.execute(args, new PrintWriter(new StringWriter(), true), new PrintWriter(err, true));
    if (code != 0) {
      throw new IllegalStateException("starling " + String.join(" ", args) + ": " + err);
    }
  }

  /** A random node id: 26 base32 characters. */
  private String id() {
    String alphabet = "abcdefghijklmnopqrstuvwxyz234567";
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < 26; i++) {
      b.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return b.toString();
  }

  private void record(String row, Optional<Long> millis) {
    rows.computeIfAbsent(row, k -> new ArrayList<>());
    misses.putIfAbsent(row, 0);
    millis.ifPresentOrElse(rows.get(row)::add, () -> misses.merge(row, 1, Integer::sum));
  }

  /** The table: one row per measurement, nearest-rank percentiles in ms. */
  String table() {
    StringBuilder b = new StringBuilder();
    b.append(
        String.format(
            "| %-42s | %3s | %6s | %6s | %6s | %6s | %6s |%n",
            "measurement", "n", "missed", "min", "p50", "p95", "max"));
    b.append("|")
        .append("-".repeat(44))
        .append("|----:|-------:|-------:|-------:|-------:|-------:|\n");
    for (Map.Entry<String, List<Long>> e : rows.entrySet()) {
      long[] v = e.getValue().stream().mapToLong(Long::longValue).sorted().toArray();
      b.append(
          String.format(
              "| %-42s | %3d | %6d | %6s | %6s | %6s | %6s |%n",
              e.getKey(),
              v.length,
              misses.get(e.getKey()),
              v.length == 0 ? "-" : v[0],
              percentile(v, 50),
              percentile(v, 95),
              v.length == 0 ? "-" : v[v.length - 1]));
    }
    return b.toString();
  }

  static String percentile(long[] sorted, int p) {
    if (sorted.length == 0) {
      return "-";
    }
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return Long.toString(sorted[Math.max(0, rank - 1)]);
  }
}
