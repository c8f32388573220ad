package io.starling.runtime.mesh;

/**
 * Why an advert or a database summary was refused, beyond the signature checks ({@link
 * io.starling.runtime.trust.VerifyFailure}). Each is counted at {@code /mesh/stats}.
 */
public enum AdvertRejection {
  /** It came from an address that is not an UP neighbour's: only members relay adverts. */
  NOT_A_NEIGHBOUR,
  /** The message is not an advert or summary frame, or its payload is not a well-formed advert. */
  MALFORMED_ADVERT,
  /** The payload names another node than its signer: a node can only speak for its own links. */
  FORGED,
  /** The advert belongs to another mesh. */
  OTHER_MESH,
  /**
   * An older version than one already known, or one that expired here recently (not {@code STALE},
   * which is the replay window's verdict).
   */
  OUTDATED
}
