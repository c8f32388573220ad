package io.starling.runtime.mesh;

/**
 * Why a verified-or-not hello did not make its sender a neighbour, beyond the reasons of {@link
 * io.starling.runtime.trust.VerifyFailure} (certificate, signature, replay), which are counted
 * under their own names.
 */
public enum HelloRejection {
  /** The hello's payload does not parse. */
  MALFORMED_HELLO,
  /** The sender belongs to another mesh. */
  OTHER_MESH,
  /** The hello is our own (a multicast echo or a loop). */
  OWN,
  /** This node has no trust configured, so it admits no neighbours. */
  NO_TRUST_CONFIGURED
}
