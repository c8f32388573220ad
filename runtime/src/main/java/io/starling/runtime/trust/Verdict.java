package io.starling.runtime.trust;

import java.util.Objects;
import java.util.Optional;

/**
 * What a {@link TrustStore} decided about a certificate: accepted with the peer's identity, or
 * rejected with a reason and a detail for logs.
 */
public final class Verdict {

  private final TrustedIdentity identity;
  private final RejectReason reason;
  private final String detail;

  private Verdict(TrustedIdentity identity, RejectReason reason, String detail) {
    this.identity = identity;
    this.reason = reason;
    this.detail = detail;
  }

  /** The peer is admitted as {@code identity}. */
  public static Verdict accepted(TrustedIdentity identity) {
    return new Verdict(Objects.requireNonNull(identity, "identity"), null, "accepted");
  }

  /** The peer is refused. */
  public static Verdict rejected(RejectReason reason, String detail) {
    return new Verdict(
        null, Objects.requireNonNull(reason, "reason"), Objects.requireNonNull(detail, "detail"));
  }

  /** Whether the peer is admitted. */
  public boolean isAccepted() {
    return identity != null;
  }

  /** The admitted identity; empty if rejected. */
  public Optional<TrustedIdentity> identity() {
    return Optional.ofNullable(identity);
  }

  /** Why it was rejected; empty if accepted. */
  public Optional<RejectReason> reason() {
    return Optional.ofNullable(reason);
  }

  /** A one-line explanation naming the value and the rule; never key material. */
  public String detail() {
    return detail;
  }

  @Override
  public String toString() {
    return isAccepted()
        ? "ACCEPTED " + identity.name() + " (" + identity.id() + ") groups " + identity.groups()
        : reason + ": " + detail;
  }
}
