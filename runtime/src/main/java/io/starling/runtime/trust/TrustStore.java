package io.starling.runtime.trust;

import io.starling.runtime.identity.NodeId;
import io.starling.runtime.identity.NodeIdentity;
import io.starling.runtime.trust.internal.CertificateFields;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Decides whether a peer belongs to the mesh: checks its certificate against the mesh CA (or its
 * key against the allowlist), validity and the revocation file, and returns a {@link Verdict}. It
 * does not prove the peer holds the key; message signatures (COSE_Sign1) do that.
 *
 * <p>Checks run in this order, and the first failure is the reason: {@link RejectReason#MALFORMED},
 * {@link RejectReason#ID_MISMATCH}, then {@link RejectReason#OTHER_CA} and {@link
 * RejectReason#UNKNOWN_SIGNER} (CA mode) or {@link RejectReason#NOT_ALLOWED} (allowlist mode), then
 * {@link RejectReason#REVOKED}, then {@link RejectReason#NOT_YET_VALID} and {@link
 * RejectReason#EXPIRED}. Safe for concurrent use.
 */
public final class TrustStore {

  private final CaCertificate ca;
  private final Map<NodeId, AllowEntry> allow;
  private final RevocationList revoked;

  private TrustStore(CaCertificate ca, Map<NodeId, AllowEntry> allow, RevocationList revoked) {
    this.ca = ca;
    this.allow = allow;
    this.revoked = revoked;
  }

  /**
   * Opens the store a policy describes, reading the CA certificate and the revocation file now.
   *
   * @param clock paces re-reading the revocation file
   * @throws TrustException if a file is missing or invalid, or two allowlist entries name one node
   */
  public static TrustStore open(TrustPolicy policy, InstantSource clock) throws TrustException {
    RevocationList revoked =
        policy.revoked() == null ? null : RevocationList.watch(policy.revoked(), clock);
    if (policy.usesCa()) {
      return forCa(CaCertificate.readPem(policy.caCertificate()), revoked);
    }
    return forAllowlist(policy.allow(), revoked);
  }

  /** Admits certificates issued by {@code ca}; {@code revoked} may be {@code null}. */
  public static TrustStore forCa(CaCertificate ca, RevocationList revoked) {
    return new TrustStore(Objects.requireNonNull(ca, "ca"), Map.of(), revoked);
  }

  /**
   * Admits the nodes on the allowlist; {@code revoked} may be {@code null}.
   *
   * @throws TrustException if two entries name the same node
   */
  public static TrustStore forAllowlist(List<AllowEntry> entries, RevocationList revoked)
      throws TrustException {
    Map<NodeId, AllowEntry> byId = new HashMap<>();
    for (AllowEntry e : entries) {
      if (byId.putIfAbsent(e.id(), e) != null) {
        throw new TrustException("the allowlist names node " + e.id() + " twice");
      }
    }
    return new TrustStore(null, Map.copyOf(byId), revoked);
  }

  /** Whether this store admits by CA (else by allowlist). */
  public boolean usesCa() {
    return ca != null;
  }

  /** Verifies a DER certificate; one that does not parse is {@link RejectReason#MALFORMED}. */
  public Verdict verify(byte[] der, Instant now) {
    DeviceCertificate cert;
    try {
      cert = DeviceCertificate.parse(der);
    } catch (TrustException e) {
      return Verdict.rejected(RejectReason.MALFORMED, e.getMessage());
    }
    return verify(cert, now);
  }

  /** Verifies a parsed certificate at {@code now}. */
  public Verdict verify(DeviceCertificate cert, Instant now) {
    if (!cert.idMatchesKey()) {
      return Verdict.rejected(
          RejectReason.ID_MISMATCH,
          "certificate "
              + cert.name()
              + " claims node id "
              + cert.nodeId()
              + " but its key's id is "
              + NodeId.fromPublicKey(cert.publicKey()));
    }
    NodeId id = cert.nodeId();
    TrustedIdentity identity;
    if (ca != null) {
      Verdict signer = checkSigner(cert);
      if (signer != null) {
        return signer;
      }
      identity = new TrustedIdentity(cert.name(), id, cert.groups());
    } else {
      AllowEntry entry = allow.get(id);
      if (entry == null) {
        return notAllowed(id);
      }
      identity =
          new TrustedIdentity(entry.configuredName().orElse(cert.name()), id, entry.groups());
    }
    if (revoked != null && revoked.isRevoked(id, cert.serial())) {
      return Verdict.rejected(
          RejectReason.REVOKED,
          "node " + id + " (serial " + cert.serialHex() + ") is in the revocation file");
    }
    Verdict time = checkTime("certificate " + cert.name(), cert.notBefore(), cert.notAfter(), now);
    if (time == null && ca != null) {
      time = checkTime("CA certificate " + ca.name(), ca.notBefore(), ca.notAfter(), now);
    }
    return time != null ? time : Verdict.accepted(identity);
  }

  /**
   * Verifies a bare public key (a peer with no certificate, e.g. DTLS raw public keys): only the
   * allowlist can admit one; in CA mode it is {@link RejectReason#UNKNOWN_SIGNER}.
   */
  public Verdict verifyKey(byte[] rawPublicKey, Instant now) {
    if (rawPublicKey.length != 32) {
      return Verdict.rejected(
          RejectReason.MALFORMED,
          "the public key has " + rawPublicKey.length + " bytes; an Ed25519 key has 32");
    }
    NodeId id = NodeId.fromPublicKey(rawPublicKey);
    if (ca != null) {
      return Verdict.rejected(
          RejectReason.UNKNOWN_SIGNER,
          "node " + id + " has no certificate; this mesh admits certificates of CA " + ca.name());
    }
    AllowEntry entry = allow.get(id);
    if (entry == null) {
      return notAllowed(id);
    }
    if (revoked != null && revoked.isRevoked(id, null)) {
      return Verdict.rejected(RejectReason.REVOKED, "node " + id + " is in the revocation file");
    }
    return Verdict.accepted(
        new TrustedIdentity(entry.configuredName().orElse(id.toString()), id, entry.groups()));
  }

  /**
   * SHA-256 of certificates whose CA signature verified, so a certificate seen again (every message
   * of a peer carries or names the same one) costs a hash, not a signature check. Only the CA
   * signature is cached; revocation and validity dates are checked every time.
   */
  private final Map<java.nio.ByteBuffer, Boolean> signedByCa =
      java.util.Collections.synchronizedMap(
          new java.util.LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<java.nio.ByteBuffer, Boolean> e) {
              return size() > 1024;
            }
          });

  private Verdict checkSigner(DeviceCertificate cert) {
    String issuerKeyId = cert.issuerKeyId();
    if (!issuerKeyId.isEmpty() && !issuerKeyId.equals(ca.keyId())) {
      return Verdict.rejected(
          RejectReason.OTHER_CA,
          "certificate "
              + cert.name()
              + " was issued by CA key id "
              + issuerKeyId
              + ", not by this mesh's CA "
              + ca.name()
              + " (key id "
              + ca.keyId()
              + ")");
    }
    java.nio.ByteBuffer key = java.nio.ByteBuffer.wrap(sha256(cert.der()));
    if (signedByCa.containsKey(key)) {
      return null;
    }
    CertificateFields f = cert.fields();
    // RFC 8410 §6 / RFC 5280 §6.1.3 (a)(1): the signature over tbsCertificate, with the CA's key.
    if (!NodeIdentity.verify(ca.publicKey(), f.signedBytes(), f.signature())) {
      return Verdict.rejected(
          RejectReason.UNKNOWN_SIGNER,
          "certificate " + cert.name() + "'s signature does not verify with CA " + ca.name());
    }
    signedByCa.put(key, Boolean.TRUE);
    return null;
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return java.security.MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  private static Verdict notAllowed(NodeId id) {
    return Verdict.rejected(RejectReason.NOT_ALLOWED, "node " + id + " is not on the allowlist");
  }

  /** RFC 5280 §4.1.2.5: valid from notBefore through notAfter, inclusive. */
  private static Verdict checkTime(String what, Instant notBefore, Instant notAfter, Instant now) {
    if (now.isBefore(notBefore)) {
      return Verdict.rejected(
          RejectReason.NOT_YET_VALID,
          what + " is not valid before " + notBefore + " (now " + now + ")");
    }
    if (now.isAfter(notAfter)) {
      return Verdict.rejected(
          RejectReason.EXPIRED, what + " expired " + notAfter + " (now " + now + ")");
    }
    return null;
  }

  /** The allowlisted node ids (allowlist mode); empty in CA mode. */
  public Set<NodeId> allowlisted() {
    return allow.keySet();
  }
}
