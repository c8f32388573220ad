package io.starling.runtime.wire.cose;

import io.starling.runtime.identity.NodeId;
import io.starling.runtime.identity.NodeIdentity;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The signed envelope every message a Starling node originates travels in: a tagged COSE_Sign1 (RFC
 * 9052 §4.2) signed with the origin's Ed25519 key (alg EdDSA -8, RFC 9053 §2.2).
 *
 * <pre>
 * protected   = { 1: -8,                 ; alg EdDSA
 *                 3: content-format,     ; CoAP Content-Format of the payload, e.g. 112
 *                 4: h'16-byte node id', ; kid
 *                 -65537: seq,           ; uint, per-origin sequence number
 *                 -65538: time }         ; uint, origin clock, ms since the Unix epoch
 * unprotected = { ? 33: h'DER certificate' }   ; x5chain, RFC 9360 §2
 * </pre>
 *
 * <p><b>Why seq and time live in the protected header</b> (private-use labels below -65536, RFC
 * 9052 §16.2) rather than in the payload: they are covered by the signature, so no relay can change
 * them; they are readable without parsing the payload, whose format varies with the content format;
 * and a relay or subscriber can do replay and ordering checks (and drop duplicates) from the header
 * alone, so relays never need to read — or be trusted with — the payload. The certificate is
 * unprotected because it is self-authenticating (signed by the mesh CA) and may be dropped by a
 * relay once a peer has cached it without invalidating the signature.
 *
 * <p>{@link #open} parses without verifying; the caller looks up the origin's public key by {@link
 * #kid()} (or takes it from the certificate after checking it against the mesh CA) and calls {@link
 * Opened#verify}.
 */
public record StarlingEnvelope(
    NodeId kid,
    long seq,
    Instant time,
    int contentFormat,
    byte[] payload,
    Optional<byte[]> certificate) {

  /** Protected labels this envelope understands, for {@code crit} (RFC 9052 §3.1). */
  private static final Set<Long> UNDERSTOOD =
      Set.of(
          CoseHeaders.ALG,
          CoseHeaders.CONTENT_TYPE,
          CoseHeaders.KID,
          CoseHeaders.STARLING_SEQ,
          CoseHeaders.STARLING_TIME);

  /** Validates and copies. */
  public StarlingEnvelope {
    if (seq < 0) {
      throw new IllegalArgumentException("seq " + seq + " is negative; it is a CBOR uint");
    }
    if (time.toEpochMilli() < 0) {
      throw new IllegalArgumentException("time " + time + " is before the Unix epoch");
    }
    if (contentFormat < 0 || contentFormat > 65535) {
      throw new IllegalArgumentException(
          "content format " + contentFormat + " is outside 0..65535 (RFC 7252 §12.3)");
    }
    payload = payload.clone();
    certificate = certificate.map(byte[]::clone);
  }

  /** Signs an envelope as {@code identity}, without a certificate; returns the tagged message. */
  public static byte[] sign(
      NodeIdentity identity, long seq, Instant time, int contentFormat, byte[] payload) {
    return sign(identity, seq, time, contentFormat, payload, Optional.empty());
  }

  /** Signs an envelope as {@code identity}; the certificate (DER) goes in unprotected x5chain. */
  public static byte[] sign(
      NodeIdentity identity,
      long seq,
      Instant time,
      int contentFormat,
      byte[] payload,
      Optional<byte[]> certificateDer) {
    return new StarlingEnvelope(identity.id(), seq, time, contentFormat, payload, certificateDer)
        .toCose(identity)
        .encode(true);
  }

  /** This envelope signed by {@code identity}, whose id must be {@link #kid()}. */
  public CoseSign1 toCose(NodeIdentity identity) {
    if (!identity.id().equals(kid)) {
      throw new IllegalArgumentException(
          "kid " + kid + " is not the id of the signing identity " + identity.id());
    }
    CoseHeaders prot =
        CoseHeaders.builder()
            .put(CoseHeaders.ALG, CoseHeaders.ALG_EDDSA)
            .put(CoseHeaders.CONTENT_TYPE, contentFormat)
            .put(CoseHeaders.KID, kid.bytes())
            .put(CoseHeaders.STARLING_SEQ, seq)
            .put(CoseHeaders.STARLING_TIME, time.toEpochMilli())
            .build();
    CoseHeaders.Builder unprot = CoseHeaders.builder();
    certificate.ifPresent(der -> unprot.put(CoseHeaders.X5CHAIN, der));
    return CoseSign1.sign(identity, prot, unprot.build(), payload);
  }

  /** What {@link #open} found. */
  public sealed interface OpenResult permits Opened, Malformed {}

  /** A well-formed Starling envelope; its signature is not verified yet. */
  public record Opened(StarlingEnvelope envelope, CoseSign1 message) implements OpenResult {

    /**
     * Checks that {@code rawPublicKey} is the key of {@link StarlingEnvelope#kid()} and that the
     * signature over the Sig_structure (RFC 9052 §4.4) is valid.
     */
    public Verification verify(byte[] rawPublicKey) {
      if (rawPublicKey.length != 32 || !NodeId.fromPublicKey(rawPublicKey).equals(envelope.kid())) {
        return Verification.KEY_DOES_NOT_MATCH_KID;
      }
      return message.verify(rawPublicKey) ? Verification.VALID : Verification.BAD_SIGNATURE;
    }
  }

  /** Not a Starling envelope; {@code reason} says why (count it, log at debug, drop it). */
  public record Malformed(String reason) implements OpenResult {}

  /** The outcome of {@link Opened#verify}, an enum so a node can count each kind. */
  public enum Verification {
    VALID,
    KEY_DOES_NOT_MATCH_KID,
    BAD_SIGNATURE
  }

  /** Parses a message (limit 64 KiB) without verifying it. Never throws on bad input. */
  public static OpenResult open(byte[] message) {
    return open(new CoseSign1Decoder(), message);
  }

  /** Parses a message with {@code decoder}'s limits, without verifying it. */
  public static OpenResult open(CoseSign1Decoder decoder, byte[] message) {
    CoseSign1Decoder.Result result = decoder.decode(message);
    if (result instanceof CoseSign1Decoder.Malformed m) {
      return new Malformed(m.reason());
    }
    CoseSign1 cose = ((CoseSign1Decoder.Decoded) result).message();
    CoseHeaders p = cose.protectedHeaders();
    Optional<Long> alg = p.integer(CoseHeaders.ALG);
    if (alg.isEmpty() || alg.get() != CoseHeaders.ALG_EDDSA) {
      return new Malformed("protected alg " + p.get(CoseHeaders.ALG).orElse(null) + " is not -8");
    }
    Optional<byte[]> kid = p.bytes(CoseHeaders.KID);
    if (kid.isEmpty() || kid.get().length != NodeId.LENGTH) {
      return new Malformed("protected kid must be a " + NodeId.LENGTH + "-byte node id");
    }
    Optional<Long> seq = p.integer(CoseHeaders.STARLING_SEQ);
    if (seq.isEmpty() || seq.get() < 0) {
      return new Malformed("protected seq (-65537) must be a uint");
    }
    Optional<Long> time = p.integer(CoseHeaders.STARLING_TIME);
    if (time.isEmpty() || time.get() < 0) {
      return new Malformed("protected time (-65538) must be a uint");
    }
    Optional<Long> ct = p.integer(CoseHeaders.CONTENT_TYPE);
    if (ct.isEmpty() || ct.get() < 0 || ct.get() > 65535) {
      return new Malformed("protected content type (3) must be a CoAP Content-Format 0..65535");
    }
    String crit = critProblem(p);
    if (crit != null) {
      return new Malformed(crit);
    }
    Optional<byte[]> cert;
    Object x5 = cose.unprotectedHeaders().get(CoseHeaders.X5CHAIN).orElse(null);
    if (x5 == null) {
      cert = Optional.empty();
    } else if (x5 instanceof byte[] der) {
      cert = Optional.of(der);
    } else if (x5 instanceof List<?> chain
        && !chain.isEmpty()
        && chain.get(0) instanceof byte[] d) {
      cert = Optional.of(d); // RFC 9360 §2: the first certificate is the signer's
    } else {
      return new Malformed("x5chain (33) must be a bstr or a non-empty array of bstr");
    }
    StarlingEnvelope envelope =
        new StarlingEnvelope(
            NodeId.fromBytes(kid.get()),
            seq.get(),
            Instant.ofEpochMilli(time.get()),
            ct.get().intValue(),
            cose.payload(),
            cert);
    return new Opened(envelope, cose);
  }

  private static String critProblem(CoseHeaders p) {
    Object crit = p.get(CoseHeaders.CRIT).orElse(null);
    if (crit == null) {
      return null;
    }
    if (!(crit instanceof List<?> labels) || labels.isEmpty()) {
      return "crit (2) must be a non-empty array";
    }
    for (Object label : labels) {
      if (!UNDERSTOOD.contains(label)) {
        return "crit lists header " + label + ", which Starling does not understand";
      }
    }
    return null;
  }

  /** The payload (a copy). */
  @Override
  public byte[] payload() {
    return payload.clone();
  }

  /** The certificate DER (a copy), if carried. */
  @Override
  public Optional<byte[]> certificate() {
    return certificate.map(byte[]::clone);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof StarlingEnvelope e
        && kid.equals(e.kid)
        && seq == e.seq
        && time.equals(e.time)
        && contentFormat == e.contentFormat
        && Arrays.equals(payload, e.payload)
        && Arrays.equals(certificate.orElse(null), e.certificate.orElse(null));
  }

  @Override
  public int hashCode() {
    return kid.hashCode() * 31 + Long.hashCode(seq);
  }

  @Override
  public String toString() {
    return "StarlingEnvelope[kid="
        + kid
        + ", seq="
        + seq
        + ", time="
        + time
        + ", ct="
        + contentFormat
        + ", payload="
        + payload.length
        + " bytes"
        + (certificate.isPresent() ? ", certificate" : "")
        + "]";
  }
}
