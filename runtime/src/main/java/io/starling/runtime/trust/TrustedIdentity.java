package io.starling.runtime.trust;

import io.starling.runtime.identity.NodeId;
import java.util.Collections;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Who an admitted peer is: its name, node id and groups (which actuators it may command).
 *
 * @param name the certificate's CN, or the allowlist entry's name
 * @param id the node id, the hash of its public key
 * @param groups its groups, sorted; empty if it has none
 */
public record TrustedIdentity(String name, NodeId id, Set<String> groups) {

  /** Copies the groups and rejects nulls. */
  public TrustedIdentity {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(id, "id");
    groups = Collections.unmodifiableSortedSet(new TreeSet<>(groups));
  }
}
