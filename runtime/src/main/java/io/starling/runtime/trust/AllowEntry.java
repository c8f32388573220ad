package io.starling.runtime.trust;

import io.starling.runtime.identity.NodeId;
import java.util.Base64;
import java.util.Collection;
import java.util.Collections;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * One allowlist entry: a node admitted by its key (or node id) rather than by a CA certificate.
 *
 * @param id the node id; a key entry is stored as the id of its key
 * @param name the name to know it by, or {@code null} to use its certificate's CN (else its id)
 * @param groups its groups; none unless given here
 */
public record AllowEntry(NodeId id, String name, Set<String> groups) {

  /** Copies the groups and rejects a null id. */
  public AllowEntry {
    Objects.requireNonNull(id, "id");
    groups = Collections.unmodifiableSortedSet(new TreeSet<>(groups));
  }

  /**
   * An entry from profile text.
   *
   * @param keyOrId a raw Ed25519 public key as unpadded base64url (43 characters, as {@code
   *     /mesh/node} shows {@code publicKey}), or a node id (26 characters of base32)
   * @throws TrustException if it is neither, or a name or group breaks {@link Names#RULE}
   */
  public static AllowEntry parse(String keyOrId, String name, Collection<String> groups)
      throws TrustException {
    if (name != null) {
      Names.check("name", name);
    }
    return new AllowEntry(idOf(keyOrId), name, Names.checkGroups("group", groups));
  }

  /** The node id named by a key (43 characters base64url) or an id (26 characters base32). */
  public static NodeId idOf(String keyOrId) throws TrustException {
    try {
      if (keyOrId.length() == 26) {
        return NodeId.parse(keyOrId);
      }
      if (keyOrId.length() == 43) {
        return NodeId.fromPublicKey(Base64.getUrlDecoder().decode(keyOrId));
      }
    } catch (IllegalArgumentException e) {
      throw new TrustException("'" + keyOrId + "' is invalid: " + e.getMessage(), e);
    }
    throw new TrustException(
        "'"
            + keyOrId
            + "' is neither an Ed25519 public key (43 characters of unpadded base64url) nor a node"
            + " id (26 characters of base32)");
  }

  /** The configured name, if any. */
  public Optional<String> configuredName() {
    return Optional.ofNullable(name);
  }
}
