package io.starling.bench;

import io.starling.runtime.driver.spi.Reading;
import io.starling.runtime.identity.NodeIdentity;
import io.starling.runtime.wire.SenmlCodec;
import io.starling.runtime.wire.cose.CoseSign1Decoder;
import io.starling.runtime.wire.cose.StarlingEnvelope;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Throughput of the signing path, one thread: Bouncy Castle Ed25519 (what nodes use) next to the
 * JDK provider measured in the same run, COSE_Sign1 envelopes and SenML CBOR. Each row repeats
 * 1-second rounds until two consecutive rounds agree within 5% (at most 20 s) and reports the last.
 *
 * <p>Run: see docs/BENCHMARKS.md. A benchmark, never a test.
 */
public final class CryptoBench {

  private static final long ROUND_NANOS = 1_000_000_000L;
  private static final long MAX_NANOS = 20_000_000_000L;
  private static final double SETTLED = 0.05;

  /** One operation; returns something derived from its result so it cannot be optimised away. */
  @FunctionalInterface
  interface Op {
    long run() throws Exception;
  }

  private record Row(String name, double opsPerSecond, int rounds, boolean settled) {}

  private long sink;

  private CryptoBench() {}

  /** Entry point; no arguments. */
  public static void main(String[] args) throws Exception {
    new CryptoBench().run();
  }

  private void run() throws Exception {
    SecureRandom random = new SecureRandom();
    NodeIdentity id = NodeIdentity.generate(random);
    byte[] message = new byte[64];
    random.nextBytes(message);
    byte[] bcSig = id.sign(message);
    byte[] publicKey = id.publicKey();

    KeyPair jdkKeys = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    Signature jdkSigner = Signature.getInstance("Ed25519");
    jdkSigner.initSign(jdkKeys.getPrivate());
    jdkSigner.update(message);
    byte[] jdkSig = jdkSigner.sign();
    Signature jdkVerifier = Signature.getInstance("Ed25519");

    Instant now = Instant.ofEpochMilli(1_700_000_000_000L);
    List<Reading> readings =
        List.of(
            Reading.of("temperature", "Cel", 21.5, now), Reading.of("humidity", "%RH", 55, now));
    byte[] senml = SenmlCodec.toCbor("greenhouse-1/air/", readings);
    byte[] envelope = StarlingEnvelope.sign(id, 1, now, SenmlCodec.CONTENT_FORMAT_CBOR, senml);
    CoseSign1Decoder decoder = new CoseSign1Decoder();
    long[] seq = {1};

    List<Row> rows = new ArrayList<>();
    rows.add(measure("Ed25519 sign, Bouncy Castle (64 B)", () -> id.sign(message)[0]));
    rows.add(
        measure(
            "Ed25519 verify, Bouncy Castle (64 B)",
            () -> NodeIdentity.verify(publicKey, message, bcSig) ? 1 : 0));
    rows.add(
        measure(
            "Ed25519 sign, JDK provider (64 B)",
            () -> {
              jdkSigner.initSign(jdkKeys.getPrivate());
              jdkSigner.update(message);
              return jdkSigner.sign()[0];
            }));
    rows.add(
        measure(
            "Ed25519 verify, JDK provider (64 B)",
            () -> {
              jdkVerifier.initVerify(jdkKeys.getPublic());
              jdkVerifier.update(message);
              return jdkVerifier.verify(jdkSig) ? 1 : 0;
            }));
    rows.add(
        measure(
            "COSE_Sign1 envelope encode+sign (" + senml.length + " B SenML)",
            () ->
                StarlingEnvelope.sign(id, seq[0]++, now, SenmlCodec.CONTENT_FORMAT_CBOR, senml)
                    .length));
    rows.add(
        measure(
            "COSE_Sign1 envelope decode+verify (" + envelope.length + " B)",
            () ->
                StarlingEnvelope.open(decoder, envelope) instanceof StarlingEnvelope.Opened o
                        && o.verify(publicKey) == StarlingEnvelope.Verification.VALID
                    ? 1
                    : 0));
    rows.add(
        measure(
            "SenML CBOR encode (2 records)",
            () -> SenmlCodec.toCbor("greenhouse-1/air/", readings).length));

    System.out.printf(
        Locale.ROOT,
        "java %s, %s, %d cores%n%n",
        Runtime.version(),
        System.getProperty("os.arch"),
        Runtime.getRuntime().availableProcessors());
    System.out.printf(Locale.ROOT, "| %-48s | %12s | %6s |%n", "operation", "ops/s", "rounds");
    System.out.printf(Locale.ROOT, "|%s|%s|%s|%n", "-".repeat(50), "-".repeat(14), "-".repeat(8));
    for (Row r : rows) {
      System.out.printf(
          Locale.ROOT,
          "| %-48s | %12.0f | %4d%s |%n",
          r.name(),
          r.opsPerSecond(),
          r.rounds(),
          r.settled() ? "  " : " !");
    }
    System.out.println();
    System.out.println(
        "! = did not settle within 5% in 20 s; last round shown. (sink " + sink + ")");
  }

  private Row measure(String name, Op op) throws Exception {
    long start = System.nanoTime();
    double previous = -1;
    int rounds = 0;
    while (true) {
      double current = round(op);
      rounds++;
      boolean settled =
          previous > 0 && Math.abs(current - previous) <= SETTLED * Math.max(current, previous);
      if (settled || System.nanoTime() - start >= MAX_NANOS) {
        return new Row(name, current, rounds, settled);
      }
      previous = current;
    }
  }

  private double round(Op op) throws Exception {
    long count = 0;
    long acc = 0;
    long begin = System.nanoTime();
    long end = begin + ROUND_NANOS;
    long now;
    do {
      for (int i = 0; i < 16; i++) {
        acc += op.run();
      }
      count += 16;
      now = System.nanoTime();
    } while (now < end);
    sink += acc;
    return count * 1e9 / (now - begin);
  }
}
