package io.starling.runtime.mesh;

/**
 * Why a hello did not make its sender a neighbour: every {@link
 * io.starling.runtime.trust.VerifyFailure}, plus the hello's own checks.
 */
public enum HelloRejection {
  /** The envelope or its payload does not parse. */
  MALFORMED,
  /** The sender belongs to another mesh. */
  OTHER_MESH,
  /** The hello is our own (a multicast echo or a loop). */
  OWN,
  /** No certificate in the hello and none cached for its kid. */
  UNKNOWN_SIGNER,
  /** The certificate does not parse. */
  CERTIFICATE_MALFORMED,
  /** The certificate's node id is not its key's. */
  CERTIFICATE_ID_MISMATCH,
  /** Issued by another CA. */
  CERTIFICATE_OTHER_CA,
  /** Names our CA but its signature does not verify. */
  CERTIFICATE_BAD_SIGNATURE,
  /** Not valid yet. */
  CERTIFICATE_NOT_YET_VALID,
  /** Expired. */
  CERTIFICATE_EXPIRED,
  /** Revoked. */
  CERTIFICATE_REVOKED,
  /** Not on the allowlist. */
  NOT_ALLOWLISTED,
  /** The kid is not the certificate's node id. */
  KID_MISMATCH,
  /** The signature does not verify. */
  BAD_SIGNATURE,
  /** A hello seen before. */
  REPLAYED,
  /** A hello older than the replay window. */
  STALE,
  /** This node has no trust configured, so it admits no neighbours. */
  NO_TRUST_CONFIGURED
}
