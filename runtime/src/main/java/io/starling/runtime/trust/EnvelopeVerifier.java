package io.starling.runtime.trust;

import io.starling.runtime.identity.NodeId;
import io.starling.runtime.wire.cose.StarlingEnvelope;
import java.time.Clock;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Attributes a signed Starling envelope to a trusted origin, or says why not:
 *
 * <ol>
 *   <li>the envelope parses (RFC 9052 COSE_Sign1);
 *   <li>the signer's certificate — from the envelope's {@code x5chain} (RFC 9360) or cached by
 *       {@code kid} — is valid under the mesh's {@link TrustStore};
 *   <li>{@code kid} is the certificate's node id, and the signature verifies under its key;
 *   <li>the sequence number is fresh for that origin ({@link ReplayGuard}); recorded only now.
 * </ol>
 *
 * <p>Verified certificates are cached by kid (least recently used evicted), so later messages may
 * omit {@code x5chain}. One verifier per message stream (commands, hellos): each keeps its own
 * replay windows. Thread-safe. Never throws on remote input.
 */
public final class EnvelopeVerifier {

  /** Certificates cached by kid. */
  public static final int CACHED_CERTIFICATES = 256;

  private final TrustStore trust;
  private final ReplayGuard replay;
  private final Clock clock;
  private volatile Function<NodeId, Optional<DeviceCertificate>> source = id -> Optional.empty();
  private final Map<NodeId, DeviceCertificate> certificates =
      Collections.synchronizedMap(
          new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<NodeId, DeviceCertificate> eldest) {
              return size() > CACHED_CERTIFICATES;
            }
          });

  /** A verifier under {@code trust}, recording fresh sequence numbers in {@code replay}. */
  public EnvelopeVerifier(TrustStore trust, ReplayGuard replay, Clock clock) {
    this.trust = trust;
    this.replay = replay;
    this.clock = clock;
  }

  /** The outcome: {@link Verified} or {@link Failed}. */
  public sealed interface Result permits Verified, Failed {}

  /**
   * A message from a trusted origin.
   *
   * @param envelope the envelope (kid, seq, time, payload)
   * @param identity who signed it, with their groups
   * @param certificate the signer's certificate
   */
  public record Verified(
      StarlingEnvelope envelope, TrustedIdentity identity, DeviceCertificate certificate)
      implements Result {}

  /**
   * A message that could not be attributed.
   *
   * @param reason why
   * @param detail the value and the rule, for a log line or an error payload
   */
  public record Failed(VerifyFailure reason, String detail) implements Result {}

  /** The certificate cached for {@code kid}, if a message from it verified recently. */
  public Optional<DeviceCertificate> cached(NodeId kid) {
    return Optional.ofNullable(certificates.get(kid));
  }

  /**
   * Where to look for a signer's certificate when a message carries none and none is cached: the
   * link-state database, which holds the verified certificate of every origin in the mesh. A
   * certificate from the source is checked against the trust store like any other.
   */
  public void certificateSource(Function<NodeId, Optional<DeviceCertificate>> source) {
    this.source = source;
  }

  /** Verifies {@code message}; on success its sequence number is recorded as seen. */
  public Result verify(byte[] message) {
    return verify(message, true);
  }

  /**
   * Verifies who signed {@code message} (steps 1–3) without the replay check: for messages that are
   * legitimately received again, such as publications fetched after a gap, whose duplicates the
   * subscriber drops by their stream sequence number instead.
   */
  public Result verifyOrigin(byte[] message) {
    return verify(message, false);
  }

  private Result verify(byte[] message, boolean fresh) {
    StarlingEnvelope.OpenResult opened = StarlingEnvelope.open(message);
    if (opened instanceof StarlingEnvelope.Malformed m) {
      return new Failed(VerifyFailure.MALFORMED, m.reason());
    }
    StarlingEnvelope.Opened o = (StarlingEnvelope.Opened) opened;
    StarlingEnvelope envelope = o.envelope();
    DeviceCertificate cert;
    if (envelope.certificate().isPresent()) {
      try {
        cert = DeviceCertificate.parse(envelope.certificate().get());
      } catch (TrustException e) {
        return new Failed(VerifyFailure.CERTIFICATE_MALFORMED, e.getMessage());
      }
    } else {
      cert = certificates.get(envelope.kid());
      if (cert == null) {
        cert = source.apply(envelope.kid()).orElse(null);
      }
      if (cert == null) {
        return new Failed(
            VerifyFailure.UNKNOWN_SIGNER,
            "no certificate in the message and none cached for kid " + envelope.kid());
      }
    }
    Verdict verdict = trust.verify(cert, clock.instant());
    if (!verdict.isAccepted()) {
      return new Failed(
          VerifyFailure.of(verdict.reason().orElse(RejectReason.MALFORMED)), verdict.detail());
    }
    if (!cert.nodeId().equals(envelope.kid())) {
      return new Failed(
          VerifyFailure.KID_MISMATCH,
          "kid " + envelope.kid() + " is not the certificate's " + cert.nodeId());
    }
    StarlingEnvelope.Verification v = o.verify(cert.publicKey());
    if (v != StarlingEnvelope.Verification.VALID) {
      return new Failed(
          v == StarlingEnvelope.Verification.KEY_DOES_NOT_MATCH_KID
              ? VerifyFailure.KID_MISMATCH
              : VerifyFailure.BAD_SIGNATURE,
          "signature of kid " + envelope.kid());
    }
    certificates.put(envelope.kid(), cert);
    TrustedIdentity identity = verdict.identity().orElseThrow();
    if (!fresh) {
      return new Verified(envelope, identity, cert);
    }
    ReplayVerdict freshness = replay.accept(envelope.kid(), envelope.seq());
    if (!freshness.accepted()) {
      return new Failed(
          freshness == ReplayVerdict.REPLAYED ? VerifyFailure.REPLAYED : VerifyFailure.STALE,
          "sequence " + envelope.seq() + " of " + identity.name());
    }
    return new Verified(envelope, identity, cert);
  }
}
