package io.starling.runtime.wire.cose;

import io.starling.runtime.identity.NodeIdentity;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A COSE_Sign1 message (RFC 9052 §4.2), immutable:
 *
 * <pre>
 * COSE_Sign1 = [ protected : bstr .cbor header_map / bstr .size 0,
 *                unprotected : header_map,
 *                payload : bstr,
 *                signature : bstr ]
 * </pre>
 *
 * The protected header is kept as the exact bytes that were signed (RFC 9052 §3: a recipient must
 * verify over the bytes received, never a re-encoding) together with its decoded map. Produce one
 * with {@link #sign}, read one with {@link CoseSign1Decoder}.
 */
public final class CoseSign1 {

  /** CBOR tag of a COSE_Sign1 (RFC 9052 §2, §4.2). */
  public static final long TAG = 18;

  /** The Sig_structure context string for COSE_Sign1 (RFC 9052 §4.4). */
  public static final String CONTEXT = "Signature1";

  private static final byte[] EMPTY = new byte[0];

  private final byte[] protectedBytes;
  private final CoseHeaders protectedHeaders;
  private final CoseHeaders unprotectedHeaders;
  private final byte[] payload;
  private final byte[] signature;

  CoseSign1(
      byte[] protectedBytes,
      CoseHeaders protectedHeaders,
      CoseHeaders unprotectedHeaders,
      byte[] payload,
      byte[] signature) {
    this.protectedBytes = protectedBytes;
    this.protectedHeaders = protectedHeaders;
    this.unprotectedHeaders = unprotectedHeaders;
    this.payload = payload;
    this.signature = signature;
  }

  /**
   * Signs {@code payload} with Ed25519 (alg EdDSA, RFC 9053 §2.2) and no external AAD. {@code alg}
   * -8 is added to the protected headers if absent; any other {@code alg} is refused.
   */
  public static CoseSign1 sign(
      NodeIdentity signer, CoseHeaders protectedHeaders, CoseHeaders unprotected, byte[] payload) {
    return sign(signer, protectedHeaders, unprotected, payload, EMPTY);
  }

  /** As {@link #sign(NodeIdentity, CoseHeaders, CoseHeaders, byte[])} with external AAD. */
  public static CoseSign1 sign(
      NodeIdentity signer,
      CoseHeaders protectedHeaders,
      CoseHeaders unprotected,
      byte[] payload,
      byte[] externalAad) {
    CoseHeaders prot = withEdDsa(protectedHeaders);
    for (Object label : unprotected.labels()) {
      if (prot.labels().contains(label)) {
        // RFC 9052 §3: a label must not occur in both buckets.
        throw new IllegalArgumentException(
            "header " + label + " is in both the protected and the unprotected header");
      }
    }
    // RFC 9052 §3: an empty protected map is sent as a zero-length bstr.
    byte[] protectedBytes = prot.isEmpty() ? EMPTY : CborWriter.encode(prot.asMap());
    byte[] body = payload.clone();
    byte[] signature = signer.sign(sigStructure(protectedBytes, externalAad, body));
    return new CoseSign1(protectedBytes, prot, unprotected, body, signature);
  }

  /**
   * This message with other unprotected headers: the signature stays valid, as it does not cover
   * them (RFC 9052 §4.4). Relays use it to add or drop a certificate ({@code x5chain}).
   */
  public CoseSign1 withUnprotected(CoseHeaders unprotected) {
    for (Object label : unprotected.labels()) {
      if (protectedHeaders.labels().contains(label)) {
        throw new IllegalArgumentException(
            "header " + label + " is in both the protected and the unprotected header");
      }
    }
    return new CoseSign1(protectedBytes, protectedHeaders, unprotected, payload, signature);
  }

  private static CoseHeaders withEdDsa(CoseHeaders h) {
    if (h.has(CoseHeaders.ALG)) {
      if (!h.integer(CoseHeaders.ALG).equals(Optional.of(CoseHeaders.ALG_EDDSA))) {
        throw new IllegalArgumentException(
            "alg " + h.get(CoseHeaders.ALG).orElse(null) + " is not EdDSA (-8)");
      }
      return h;
    }
    return h.with(CoseHeaders.ALG, CoseHeaders.ALG_EDDSA);
  }

  /**
   * RFC 9052 §4.4 Sig_structure for COSE_Sign1: {@code ["Signature1", body_protected, external_aad,
   * payload]}, each of the last three a bstr.
   */
  public static byte[] sigStructure(byte[] protectedBytes, byte[] externalAad, byte[] payload) {
    CborWriter w = new CborWriter(32 + protectedBytes.length + payload.length);
    w.startArray(4);
    w.write(CONTEXT);
    w.writeBytes(protectedBytes);
    w.writeBytes(externalAad);
    w.writeBytes(payload);
    return w.toByteArray();
  }

  /** The Sig_structure this message's signature covers, with no external AAD. */
  public byte[] toBeSigned() {
    return sigStructure(protectedBytes, EMPTY, payload);
  }

  /**
   * Whether the signature is a valid Ed25519 signature by {@code rawPublicKey} (32 bytes) over the
   * Sig_structure, and the protected {@code alg} is EdDSA. No external AAD.
   */
  public boolean verify(byte[] rawPublicKey) {
    return verify(rawPublicKey, EMPTY);
  }

  /** As {@link #verify(byte[])} with external AAD (RFC 9052 §4.3). */
  public boolean verify(byte[] rawPublicKey, byte[] externalAad) {
    if (!protectedHeaders.integer(CoseHeaders.ALG).equals(Optional.of(CoseHeaders.ALG_EDDSA))) {
      return false;
    }
    return NodeIdentity.verify(
        rawPublicKey, sigStructure(protectedBytes, externalAad, payload), signature);
  }

  /** The message as CBOR, with tag 18 (RFC 9052 §4.2) or without. */
  public byte[] encode(boolean tagged) {
    CborWriter w = new CborWriter(32 + protectedBytes.length + payload.length + signature.length);
    List<Object> body = List.of(protectedBytes, unprotectedHeaders.asMap(), payload, signature);
    w.write(tagged ? new CborTag(TAG, body) : body);
    return w.toByteArray();
  }

  /** The tagged encoding. */
  public byte[] encode() {
    return encode(true);
  }

  /** The protected header exactly as signed (a copy). */
  public byte[] protectedBytes() {
    return protectedBytes.clone();
  }

  /** The protected header, decoded. */
  public CoseHeaders protectedHeaders() {
    return protectedHeaders;
  }

  /** The unprotected header. */
  public CoseHeaders unprotectedHeaders() {
    return unprotectedHeaders;
  }

  /** The payload (a copy). */
  public byte[] payload() {
    return payload.clone();
  }

  /** The 64-byte signature (a copy). */
  public byte[] signature() {
    return signature.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CoseSign1 c
        && Arrays.equals(protectedBytes, c.protectedBytes)
        && unprotectedHeaders.equals(c.unprotectedHeaders)
        && Arrays.equals(payload, c.payload)
        && Arrays.equals(signature, c.signature);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(signature);
  }

  @Override
  public String toString() {
    return "COSE_Sign1[protected="
        + protectedHeaders
        + ", unprotected="
        + unprotectedHeaders
        + ", payload="
        + payload.length
        + " bytes]";
  }
}
