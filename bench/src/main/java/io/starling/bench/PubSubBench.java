package io.starling.bench;

import io.starling.runtime.identity.NodeIdentity;
import io.starling.runtime.node.StarlingNode;
import io.starling.runtime.pubsub.LogLimits;
import io.starling.runtime.pubsub.Publication;
import io.starling.runtime.pubsub.TopicLogs;
import io.starling.runtime.trust.DeviceCertificate;
import io.starling.runtime.trust.EnvelopeVerifier;
import io.starling.runtime.trust.MeshCa;
import io.starling.runtime.trust.ReplayGuard;
import io.starling.runtime.trust.TrustStore;
import io.starling.runtime.wire.cose.CoseSign1Decoder;
import io.starling.runtime.wire.cose.StarlingEnvelope;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

/**
 * One-hop publish→subscribe throughput and latency of Starling beside Mosquitto (QoS 0 and 1,
 * through Eclipse Paho) and raw Californium NON requests, plus Starling over three hops, all with
 * 64-byte payloads, in one run; prints one table. Mosquitto must already listen on the loopback
 * port given as {@code --mqtt-port}: {@code bench/scripts/pubsub.sh} installs and starts it.
 *
 * <p>Per system: a warm-up, then a <b>throughput</b> run (the publisher sends {@code --count}
 * messages as fast as the system lets it; throughput = messages received / time from the first send
 * to the last receipt; messages not received {@value #QUIET_SECONDS} s after the last one are
 * lost), then a separate <b>latency</b> run paced at {@code --rate} messages/s so that queueing
 * does not dominate (p50 and p99, nearest rank, of one-way send→receive times in this JVM). For
 * Starling, "received" waits for the subscriber's catch-up too: a message missed in a burst is
 * fetched from the publisher's log later, or counted lost once the log no longer holds it.
 *
 * <p>One more Starling row has the publisher paced at {@code --sustained-rate} for the same count:
 * what a subscriber carries when it is not overrun (its p50/p99 are of that run, under that load).
 *
 * <p>Run: see docs/BENCHMARKS.md. A benchmark, never a test.
 */
public final class PubSubBench {

  private static final int QUIET_SECONDS = 3;
  private static final int MAX_WAIT_SECONDS = 120;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
  private final byte[] filler = new byte[Recorder.SIZE];
  private int mqttPort = -1;
  private long mqttPid = -1;
  private int count = 20_000;
  private int warmup = 5_000;
  private int paced = 1_000;
  private int rate = 500;
  private int sustainedRate = 2_500;
  private int run;

  /** A line of the table; {@code pacedLost} -1 when the row has no separate latency run. */
  private record Row(
      String name,
      int sent,
      int received,
      double perSecond,
      int pacedLost,
      double p50,
      double p99) {}

  private final List<Row> rows = new ArrayList<>();

  private PubSubBench() {
    RANDOM.nextBytes(filler);
  }

  /**
   * Entry point. Options: {@code --mqtt-port N} (required), {@code --mqtt-pid N} (Mosquitto's pid,
   * for its CPU time), {@code --count N} (20000), {@code --warmup N} (5000), {@code --paced N}
   * (1000), {@code --rate N} (500 msg/s), {@code --sustained-rate N} (2500 msg/s: the extra
   * Starling row whose publisher is paced).
   */
  public static void main(String[] args) throws Exception {
    PubSubBench bench = new PubSubBench();
    for (int i = 0; i < args.length; i += 2) {
      int v = Integer.parseInt(args[i + 1]);
      switch (args[i]) {
        case "--mqtt-port" -> bench.mqttPort = v;
        case "--mqtt-pid" -> bench.mqttPid = v;
        case "--count" -> bench.count = v;
        case "--warmup" -> bench.warmup = v;
        case "--paced" -> bench.paced = v;
        case "--rate" -> bench.rate = v;
        case "--sustained-rate" -> bench.sustainedRate = v;
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    if (bench.mqttPort <= 0) {
      throw new IllegalArgumentException("--mqtt-port is required (bench/scripts/pubsub.sh)");
    }
    // Starling sends one mesh datagram per hop per message with message IDs counting up per
    // destination; Californium's deduplication remembers (source, MID) for 247 s.
    if (bench.warmup + bench.count + bench.paced > 60_000) {
      throw new IllegalArgumentException(
          "warmup + count + paced must stay below 60000 per node pair (CoAP message IDs)");
    }
    bench.run();
    System.exit(0); // Paho leaves non-daemon threads behind
  }

  private void run() throws Exception {
    System.out.printf(
        Locale.ROOT,
        "java %s (%s), %s, %d cores; %d-byte payloads; throughput: %d msgs after %d warm-up;"
            + " latency: %d msgs at %d/s%n%n",
        Runtime.version(),
        System.getProperty("java.vm.vendor"),
        System.getProperty("os.arch"),
        Runtime.getRuntime().availableProcessors(),
        Recorder.SIZE,
        count,
        warmup,
        paced,
        rate);
    String load = loadAverage();
    System.out.println("load average before the run: " + load);
    if (!load.isEmpty() && Double.parseDouble(load.split(" ")[0]) > 0.5) {
      System.out.println(
          "WARNING: something else is running; numbers are only comparable on an idle machine");
    }
    System.out.println();
    Path dir = Files.createTempDirectory("starling-pubsub-bench");
    try {
      measure(() -> new MqttPipe(mqttPort, 0), true);
      measure(() -> new MqttPipe(mqttPort, 1), true);
      measure(CoapPipe::new, false);
      MeshCa ca = MeshCa.init(dir.resolve("ca"), "bench-ca", Duration.ofDays(3650));
      measure(() -> new StarlingPipe(dir, ca, "one", 1), false);
      sustained(() -> new StarlingPipe(dir, ca, "steady", 1), sustainedRate);
      measure(() -> new StarlingPipe(dir, ca, "chain", 3), false);
      printTable();
      costs(dir, ca);
    } finally {
      deleteRecursively(dir);
    }
  }

  @FunctionalInterface
  private interface PipeFactory {
    Pipe open() throws Exception;
  }

  /** What one run of messages gave. */
  private record Outcome(int sent, int received, double perSecond, long[] latencies) {
    int lost() {
      return sent - received;
    }

    double percentile(double p) {
      return Recorder.percentileMillis(latencies, p);
    }
  }

  private void measure(PipeFactory factory, boolean mosquitto) throws Exception {
    try (Pipe pipe = factory.open()) {
      System.out.println("== " + pipe.name());
      warmUp(pipe);
      Outcome t = throughput(pipe, count, 0, mosquitto);
      Outcome l = paced(pipe);
      rows.add(
          new Row(
              pipe.name(),
              t.sent(),
              t.received(),
              t.perSecond(),
              l.lost(),
              l.percentile(50),
              l.percentile(99)));
    }
  }

  /**
   * A row of its own: the publisher paced at {@code perSecond} for {@code count} messages (what the
   * subscriber can carry); p50 and p99 of that run, under that load.
   */
  private void sustained(PipeFactory factory, int perSecond) throws Exception {
    try (Pipe pipe = factory.open()) {
      String name = pipe.name().replace(" (signed)", "") + ", " + perSecond + "/s";
      System.out.println("== " + name);
      warmUp(pipe);
      Outcome t = throughput(pipe, count, perSecond, false);
      rows.add(
          new Row(
              name, t.sent(), t.received(), t.perSecond(), -1, t.percentile(50), t.percentile(99)));
    }
  }

  private void warmUp(Pipe pipe) throws Exception {
    Recorder w = new Recorder(++run, warmup);
    pipe.recordInto(w);
    send(pipe, w, 0);
    awaitQuiet(w, System.nanoTime());
    String settled = pipe.settle(MAX_WAIT_SECONDS * 1000L);
    if (!settled.isEmpty()) {
      System.out.println("   after warm-up: " + settled);
    }
  }

  /**
   * Sends {@code n} messages, as fast as the system lets the publisher ({@code perSecond} 0) or
   * paced; waits for them (and for the subscriber to settle); throughput = received / (last receipt
   * - first send).
   */
  private Outcome throughput(Pipe pipe, int n, int perSecond, boolean mosquitto) throws Exception {
    System.gc();
    Recorder t = new Recorder(++run, n);
    pipe.recordInto(t);
    Map<Long, Long> cpuBefore = threadCpu();
    long mosquittoBefore = mosquitto ? processCpuNanos(mqttPid) : -1;
    long processBefore = processCpuNanos();
    Map<String, Long> udpBefore = udpCounters();
    long t0 = System.nanoTime();
    send(pipe, t, perSecond);
    long sendEnd = System.nanoTime();
    awaitQuiet(t, sendEnd);
    String settled = pipe.settle(MAX_WAIT_SECONDS * 1000L);
    long processAfter = processCpuNanos();
    Map<String, Long> udpAfter = udpCounters();
    long mosquittoAfter = mosquitto ? processCpuNanos(mqttPid) : -1;
    Map<Long, Long> cpuAfter = threadCpu();
    int got = t.received();
    double rate = got == 0 ? 0 : got * 1e9 / (t.lastNanos() - t0);
    long[] lat = t.sortedLatencies();
    System.out.printf(
        Locale.ROOT,
        "   %s: %d/%d received, %.0f msg/s (publisher done after %.0f ms, last receipt at %.0f"
            + " ms); duplicates %d; latency p50 %.3f ms, p99 %.3f ms%n",
        perSecond == 0 ? "throughput" : "paced at " + perSecond + "/s",
        got,
        n,
        rate,
        (sendEnd - t0) / 1e6,
        got == 0 ? 0 : (t.lastNanos() - t0) / 1e6,
        t.duplicates(),
        Recorder.percentileMillis(lat, 50),
        Recorder.percentileMillis(lat, 99));
    if (!settled.isEmpty()) {
      System.out.println("   " + settled);
    }
    printCpu(cpuBefore, cpuAfter, got, processAfter - processBefore);
    if (mosquitto && mosquittoBefore >= 0 && mosquittoAfter >= 0 && got > 0) {
      System.out.printf(
          Locale.ROOT,
          "   cpu: mosquitto process %.1f us/msg%n",
          (mosquittoAfter - mosquittoBefore) / 1e3 / got);
    }
    StringBuilder udp = new StringBuilder();
    for (String k : List.of("RcvbufErrors", "SndbufErrors", "InErrors")) {
      long d = udpAfter.getOrDefault(k, 0L) - udpBefore.getOrDefault(k, 0L);
      if (d != 0) {
        udp.append(' ').append(k).append(" +").append(d);
      }
    }
    if (!udp.isEmpty()) {
      System.out.println("   kernel UDP counters (whole machine):" + udp);
    }
    String diag = pipe.diagnostics();
    if (!diag.isEmpty()) {
      System.out.println("   " + diag);
    }
    return new Outcome(n, got, rate, lat);
  }

  /** The latency run: {@code paced} messages at {@code rate} per second. */
  private Outcome paced(Pipe pipe) throws Exception {
    System.gc();
    Recorder l = new Recorder(++run, paced);
    pipe.recordInto(l);
    send(pipe, l, rate);
    awaitQuiet(l, System.nanoTime());
    long[] lat = l.sortedLatencies();
    System.out.printf(
        Locale.ROOT,
        "   latency: %d/%d received at %d/s, p50 %.3f ms, p90 %.3f ms, p99 %.3f ms, max %.3f ms%n",
        l.received(),
        paced,
        rate,
        Recorder.percentileMillis(lat, 50),
        Recorder.percentileMillis(lat, 90),
        Recorder.percentileMillis(lat, 99),
        Recorder.percentileMillis(lat, 100));
    String diag = pipe.diagnostics();
    if (!diag.isEmpty()) {
      System.out.println("   " + diag);
    }
    return new Outcome(paced, l.received(), 0, lat);
  }

  /** Sends every message of {@code r}: back to back ({@code perSecond} 0) or paced. */
  private void send(Pipe pipe, Recorder r, int perSecond) throws Exception {
    long start = System.nanoTime() + 1_000_000;
    long interval = perSecond == 0 ? 0 : 1_000_000_000L / perSecond;
    for (int i = 0; i < r.count(); i++) {
      long target = start + i * interval;
      for (long d = target - System.nanoTime(); interval > 0 && d > 0; ) {
        LockSupport.parkNanos(d);
        d = target - System.nanoTime();
      }
      pipe.send(r.payload(i, filler));
    }
  }

  /**
   * Waits until everything arrived, or nothing new did for {@value #QUIET_SECONDS} s, or {@value
   * #MAX_WAIT_SECONDS} s passed since the last send.
   */
  private static void awaitQuiet(Recorder r, long sendEnd) {
    long quiet = Duration.ofSeconds(QUIET_SECONDS).toNanos();
    long deadline = sendEnd + Duration.ofSeconds(MAX_WAIT_SECONDS).toNanos();
    while (r.received() < r.count()) {
      long last = Math.max(sendEnd, r.lastNanos());
      long now = System.nanoTime();
      if (now - last > quiet || now > deadline) {
        return;
      }
      LockSupport.parkNanos(1_000_000);
    }
  }

  // ---- CPU accounting ----

  private Map<Long, Long> threadCpu() {
    Map<Long, Long> out = new HashMap<>();
    for (long id : threads.getAllThreadIds()) {
      long cpu = threads.getThreadCpuTime(id);
      if (cpu >= 0) {
        out.put(id, cpu);
      }
    }
    return out;
  }

  /** CPU per received message of each thread that used more than 2% of the process's. */
  private void printCpu(Map<Long, Long> before, Map<Long, Long> after, int got, long total) {
    if (got == 0) {
      return;
    }
    record Use(String thread, long nanos) {}
    List<Use> uses = new ArrayList<>();
    for (Map.Entry<Long, Long> e : after.entrySet()) {
      long used = e.getValue() - before.getOrDefault(e.getKey(), 0L);
      ThreadInfo info = threads.getThreadInfo(e.getKey());
      String name = info == null ? "thread " + e.getKey() : info.getThreadName();
      if (used > total / 50) {
        uses.add(new Use(name, used));
      }
    }
    uses.sort(Comparator.comparingLong(Use::nanos).reversed());
    StringBuilder b = new StringBuilder();
    b.append(String.format(Locale.ROOT, "   cpu: this JVM %.1f us/msg;", total / 1e3 / got));
    for (Use u : uses) {
      b.append(String.format(Locale.ROOT, " %s %.1f,", u.thread(), u.nanos() / 1e3 / got));
    }
    b.setLength(b.length() - 1);
    System.out.println(b);
  }

  /** The Udp counters of /proc/net/snmp (whole machine), or empty. */
  private static Map<String, Long> udpCounters() {
    Map<String, Long> out = new HashMap<>();
    try {
      List<String> udp =
          Files.readAllLines(Path.of("/proc/net/snmp")).stream()
              .filter(l -> l.startsWith("Udp: "))
              .toList();
      if (udp.size() == 2) {
        String[] names = udp.get(0).split(" ");
        String[] values = udp.get(1).split(" ");
        for (int i = 1; i < Math.min(names.length, values.length); i++) {
          out.put(names[i], Long.parseLong(values[i]));
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux: no kernel counters
    }
    return out;
  }

  private static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (IOException | RuntimeException e) {
      return "";
    }
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  /** utime + stime of another process from /proc (clock ticks of 10 ms), or -1. */
  private static long processCpuNanos(long pid) {
    if (pid <= 0) {
      return -1;
    }
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10_000_000L;
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  // ---- the table ----

  private void printTable() {
    Row base = rows.get(0);
    System.out.println();
    System.out.printf(
        Locale.ROOT,
        "| %-28s | %6s | %10s | %6s | %7s | %7s | %10s | %12s | %12s |%n",
        "system",
        "msgs",
        "msg/s",
        "lost",
        "p50 ms",
        "p99 ms",
        "paced lost",
        "msg/s vs Q0",
        "p50 vs Q0");
    System.out.printf(
        Locale.ROOT,
        "|%s|%s|%s|%s|%s|%s|%s|%s|%s|%n",
        "-".repeat(30),
        "-".repeat(8),
        "-".repeat(12),
        "-".repeat(8),
        "-".repeat(9),
        "-".repeat(9),
        "-".repeat(12),
        "-".repeat(14),
        "-".repeat(14));
    for (Row r : rows) {
      System.out.printf(
          Locale.ROOT,
          "| %-28s | %6d | %10.0f | %6d | %7.3f | %7.3f | %10s | %11.2fx | %11.2fx |%n",
          r.name(),
          r.sent(),
          r.perSecond(),
          r.sent() - r.received(),
          r.p50(),
          r.p99(),
          r.pacedLost() < 0 ? "-" : Integer.toString(r.pacedLost()),
          r.perSecond() / base.perSecond(),
          r.p50() / base.p50());
    }
    System.out.println();
  }

  // ---- where Starling's time goes ----

  @FunctionalInterface
  private interface Op {
    void run() throws Exception;
  }

  private void costs(Path dir, MeshCa ca) throws Exception {
    int n = 20_000;
    NodeIdentity id = NodeIdentity.generate(RANDOM);
    byte[] body = new Recorder(0, 1).payload(0, filler);
    long[] seq = {1};
    Instant now = Instant.now();
    byte[] signed =
        StarlingEnvelope.sign(
            id,
            1,
            now,
            Publication.FORMAT,
            new Publication(StarlingPipe.TOPIC, 1, 1, 42, body).encode());
    System.out.printf(
        Locale.ROOT,
        "Starling per-message costs, one thread, %d ops after %d warm-up (signed publication: %d"
            + " bytes for a %d-byte body):%n",
        n,
        n / 4,
        signed.length,
        body.length);
    time(
        "publication encode + envelope sign",
        n,
        () ->
            StarlingEnvelope.sign(
                id,
                seq[0]++,
                now,
                Publication.FORMAT,
                new Publication(StarlingPipe.TOPIC, 1, seq[0], 42, body).encode()));
    CoseSign1Decoder decoder = new CoseSign1Decoder();
    byte[] publicKey = id.publicKey();
    time(
        "envelope decode + verify",
        n,
        () -> {
          if (!(StarlingEnvelope.open(decoder, signed) instanceof StarlingEnvelope.Opened o)
              || o.verify(publicKey) != StarlingEnvelope.Verification.VALID) {
            throw new IllegalStateException("does not verify");
          }
        });
    TrustStore trust = TrustStore.forCa(ca.certificate(), null);
    DeviceCertificate cert =
        ca.issue("costs", id.publicKey(), List.of("sensors"), Duration.ofDays(1));
    time(
        "TrustStore.verify(sender's certificate): CA signature",
        n,
        () -> {
          if (!trust.verify(cert, Instant.now()).isAccepted()) {
            throw new IllegalStateException("certificate refused");
          }
        });
    EnvelopeVerifier verifier =
        new EnvelopeVerifier(trust, ReplayGuard.defaults(), Clock.systemUTC());
    verifier.certificateSource(kid -> Optional.of(cert));
    time(
        "EnvelopeVerifier.verifyOrigin: a subscriber's check",
        n,
        () -> {
          if (!(verifier.verifyOrigin(signed) instanceof EnvelopeVerifier.Verified)) {
            throw new IllegalStateException("publication refused");
          }
        });
    try (TopicLogs logs =
        new TopicLogs(
            dir.resolve("logs-only"),
            LogLimits.defaults().maxBytes(),
            LogLimits.defaults().maxAge(),
            Clock.systemUTC())) {
      time(
          "topic log append (1 MiB log, 256 KiB segments)",
          n,
          () -> logs.append("bench/log", logs.next("bench/log")[1], now, signed));
    }
    try (StarlingNode solo = StarlingPipe.start(dir, ca, "solo")) {
      time(
          "StarlingNode.publish(), nobody subscribed",
          n,
          () -> solo.publish("bench/solo", 42, body));
    }
    System.out.println();
  }

  private static void time(String name, int n, Op op) throws Exception {
    for (int i = 0; i < n / 4; i++) {
      op.run();
    }
    long t0 = System.nanoTime();
    for (int i = 0; i < n; i++) {
      op.run();
    }
    long t = System.nanoTime() - t0;
    System.out.printf(
        Locale.ROOT, "  %-48s %8.1f us/op %10.0f ops/s%n", name, t / 1e3 / n, n * 1e9 / t);
  }

  private static void deleteRecursively(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
