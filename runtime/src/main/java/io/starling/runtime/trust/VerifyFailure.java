package io.starling.runtime.trust;

/** Why a signed message could not be attributed to a trusted, fresh origin. */
public enum VerifyFailure {
  /** The message is not a well-formed Starling envelope (RFC 9052 COSE_Sign1). */
  MALFORMED,
  /** No certificate in the message and none cached for its kid. */
  UNKNOWN_SIGNER,
  /** The signer's certificate does not parse. */
  CERTIFICATE_MALFORMED,
  /** The certificate's node id is not its key's. */
  CERTIFICATE_ID_MISMATCH,
  /** The certificate was issued by another CA. */
  CERTIFICATE_OTHER_CA,
  /** The certificate names our CA but its signature does not verify. */
  CERTIFICATE_BAD_SIGNATURE,
  /** The certificate is not valid yet. */
  CERTIFICATE_NOT_YET_VALID,
  /** The certificate has expired. */
  CERTIFICATE_EXPIRED,
  /** The certificate is revoked. */
  CERTIFICATE_REVOKED,
  /** The key is not on the allowlist. */
  NOT_ALLOWLISTED,
  /** The envelope's kid is not the certificate's node id. */
  KID_MISMATCH,
  /** The signature does not verify. */
  BAD_SIGNATURE,
  /** The sequence number was accepted before. */
  REPLAYED,
  /** The sequence number is below the window or at or below a restored floor. */
  STALE;

  static VerifyFailure of(RejectReason reason) {
    return switch (reason) {
      case MALFORMED -> CERTIFICATE_MALFORMED;
      case ID_MISMATCH -> CERTIFICATE_ID_MISMATCH;
      case OTHER_CA -> CERTIFICATE_OTHER_CA;
      case UNKNOWN_SIGNER -> CERTIFICATE_BAD_SIGNATURE;
      case NOT_YET_VALID -> CERTIFICATE_NOT_YET_VALID;
      case EXPIRED -> CERTIFICATE_EXPIRED;
      case REVOKED -> CERTIFICATE_REVOKED;
      case NOT_ALLOWED -> NOT_ALLOWLISTED;
    };
  }
}
