package io.starling.runtime.command;

/**
 * Why a command was refused. Each reason has its own counter ({@code /mesh/stats}) and maps to one
 * CoAP response class: 4.00 for malformed requests, 4.01 when the sender's identity or the
 * message's freshness cannot be established, 4.03 when a known member lacks the group.
 */
public enum Rejection {
  /** Not a COSE_Sign1 (content format other than 18, or no payload). 4.01 */
  UNSIGNED(Status.UNAUTHORIZED),
  /** A COSE_Sign1 that does not parse, or a command payload that does not. 4.00 */
  MALFORMED(Status.BAD_REQUEST),
  /** This node has no trust anchor ({@code security.trust} or {@code security.allow}). 4.01 */
  NO_TRUST_CONFIGURED(Status.UNAUTHORIZED),
  /** No certificate in the message and none cached for its kid. 4.01 */
  UNKNOWN_SIGNER(Status.UNAUTHORIZED),
  /** The signer's certificate does not parse. 4.01 */
  CERTIFICATE_MALFORMED(Status.UNAUTHORIZED),
  /** The certificate's node id is not its key's. 4.01 */
  CERTIFICATE_ID_MISMATCH(Status.UNAUTHORIZED),
  /** The certificate was issued by another CA. 4.01 */
  CERTIFICATE_OTHER_CA(Status.UNAUTHORIZED),
  /** The certificate names our CA but its signature does not verify. 4.01 */
  CERTIFICATE_BAD_SIGNATURE(Status.UNAUTHORIZED),
  /** The certificate is not valid yet. 4.01 */
  CERTIFICATE_NOT_YET_VALID(Status.UNAUTHORIZED),
  /** The certificate has expired. 4.01 */
  CERTIFICATE_EXPIRED(Status.UNAUTHORIZED),
  /** The certificate (node id or serial) is revoked. 4.01 */
  CERTIFICATE_REVOKED(Status.UNAUTHORIZED),
  /** The key is not on the allowlist. 4.01 */
  NOT_ALLOWLISTED(Status.UNAUTHORIZED),
  /** The envelope's kid is not the certificate's node id. 4.01 */
  KID_MISMATCH(Status.UNAUTHORIZED),
  /** The COSE signature does not verify under the certificate's key. 4.01 */
  BAD_SIGNATURE(Status.UNAUTHORIZED),
  /** The sequence number was seen before. 4.01 */
  REPLAYED(Status.UNAUTHORIZED),
  /** The sequence number is below the replay window (or at or below a restored floor). 4.01 */
  STALE(Status.UNAUTHORIZED),
  /** The signed command names another node or actuator. 4.00 */
  WRONG_TARGET(Status.BAD_REQUEST),
  /** A member whose groups do not intersect the actuator's {@code allow}. 4.03 */
  FORBIDDEN(Status.FORBIDDEN),
  /** The actuator rejected the value (wrong type, out of range). 4.00 */
  INVALID_VALUE(Status.BAD_REQUEST),
  /** The actuator is unavailable (driver failing). 5.03 */
  ACTUATOR_UNAVAILABLE(Status.UNAVAILABLE);

  private final Status status;

  Rejection(Status status) {
    this.status = status;
  }

  /** The response status for this reason. */
  public Status status() {
    return status;
  }

  /** Response statuses, mapped to CoAP codes by the transport. */
  public enum Status {
    /** 2.04 Changed. */
    CHANGED,
    /** 4.00 Bad Request. */
    BAD_REQUEST,
    /** 4.01 Unauthorized. */
    UNAUTHORIZED,
    /** 4.03 Forbidden. */
    FORBIDDEN,
    /** 5.03 Service Unavailable. */
    UNAVAILABLE
  }
}
