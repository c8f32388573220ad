package io.starling.runtime.profile;

import io.starling.runtime.trust.AllowEntry;
import io.starling.runtime.trust.TrustPolicy;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code security} section; docs/TRUST.md explains the two admission modes.
 *
 * @param key the node's Ed25519 private key (PEM, PKCS#8, mode 0600); created on first run; default
 *     {@code <dataDir>/node.key}
 * @param certificate the node's certificate signed by the mesh CA, if enrolled
 * @param trust the mesh CA certificate, if the mesh admits by CA
 * @param allow the allowlist, if the mesh admits by allowlist; empty otherwise
 * @param revoked the revocation file (node ids or serials, one per line), if any
 */
public record SecuritySettings(
    Path key, Path certificate, Path trust, List<AllowEntry> allow, Path revoked) {

  /** Rejects a null key path and copies the allowlist. */
  public SecuritySettings {
    Objects.requireNonNull(key, "key");
    allow = List.copyOf(allow);
  }

  /** The certificate, if configured. */
  public Optional<Path> certificateFile() {
    return Optional.ofNullable(certificate);
  }

  /** The trust anchor, if configured. */
  public Optional<Path> trustFile() {
    return Optional.ofNullable(trust);
  }

  /** The revocation file, if configured. */
  public Optional<Path> revokedFile() {
    return Optional.ofNullable(revoked);
  }

  /**
   * How this node admits peers: by the CA in {@link #trust()} or by {@link #allow()}; empty if the
   * profile configures neither.
   */
  public Optional<TrustPolicy> trustPolicy() {
    if (trust != null) {
      return Optional.of(TrustPolicy.ca(trust, revoked));
    }
    if (!allow.isEmpty()) {
      return Optional.of(TrustPolicy.allowlist(allow, revoked));
    }
    return Optional.empty();
  }
}
