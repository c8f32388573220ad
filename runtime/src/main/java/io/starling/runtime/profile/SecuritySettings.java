package io.starling.runtime.profile;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code security} section.
 *
 * @param key the node's Ed25519 private key (PEM, PKCS#8, mode 0600); created on first run; default
 *     {@code <dataDir>/node.key}
 * @param certificate the node's certificate signed by the mesh CA, if enrolled
 * @param trust the mesh CA certificate, if the mesh uses one
 */
public record SecuritySettings(Path key, Path certificate, Path trust) {

  /** Rejects a null key path. */
  public SecuritySettings {
    Objects.requireNonNull(key, "key");
  }

  /** The certificate, if configured. */
  public Optional<Path> certificateFile() {
    return Optional.ofNullable(certificate);
  }

  /** The trust anchor, if configured. */
  public Optional<Path> trustFile() {
    return Optional.ofNullable(trust);
  }
}
