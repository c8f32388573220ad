package io.starling.runtime.trust;

/** Why a {@link TrustStore} refused a certificate; docs/TRUST.md explains each. */
public enum RejectReason {
  /** Not a certificate this mesh can read: bad DER, not Ed25519, a CA certificate, no UID. */
  MALFORMED,
  /** The node id the certificate claims (UID, SAN URI) is not the hash of its public key. */
  ID_MISMATCH,
  /** Issued by another CA: its authority key identifier is not our CA's key. */
  OTHER_CA,
  /** Names our CA (or none) but the signature does not verify under our CA's key. */
  UNKNOWN_SIGNER,
  /** Its notBefore is still in the future (or the CA's is). */
  NOT_YET_VALID,
  /** Its notAfter has passed (or the CA's has). */
  EXPIRED,
  /** Its node id or serial is in the revocation file. */
  REVOKED,
  /** Allowlist mode: its key is not on the allowlist. */
  NOT_ALLOWED
}
