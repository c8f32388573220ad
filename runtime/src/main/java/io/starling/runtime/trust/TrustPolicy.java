package io.starling.runtime.trust;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How a node decides whom to admit, from the profile's {@code security} section: certificates
 * issued by one mesh CA, or an explicit allowlist; either way with an optional revocation file.
 *
 * @param caCertificate the mesh CA certificate (CA mode), or {@code null} for allowlist mode
 * @param allow the allowlist (allowlist mode); empty in CA mode
 * @param revoked the revocation file, or {@code null}
 */
public record TrustPolicy(Path caCertificate, List<AllowEntry> allow, Path revoked) {

  /** Copies the list; rejects a CA together with an allowlist. */
  public TrustPolicy {
    allow = List.copyOf(allow);
    if (caCertificate != null && !allow.isEmpty()) {
      throw new IllegalArgumentException("a trust policy has a CA or an allowlist, not both");
    }
  }

  /** Admit certificates issued by the CA in {@code caCertificate}. */
  public static TrustPolicy ca(Path caCertificate, Path revoked) {
    return new TrustPolicy(
        Objects.requireNonNull(caCertificate, "caCertificate"), List.of(), revoked);
  }

  /** Admit exactly the keys on {@code allow}. */
  public static TrustPolicy allowlist(List<AllowEntry> allow, Path revoked) {
    return new TrustPolicy(null, allow, revoked);
  }

  /** Whether this is CA mode. */
  public boolean usesCa() {
    return caCertificate != null;
  }

  /** The revocation file, if any. */
  public Optional<Path> revokedFile() {
    return Optional.ofNullable(revoked);
  }
}
