package io.starling.runtime.node;

import io.starling.runtime.identity.NodeIdentity;
import io.starling.runtime.identity.SequenceCounter;
import io.starling.runtime.profile.Profile;
import io.starling.runtime.trust.DeviceCertificate;
import io.starling.runtime.trust.TrustException;
import io.starling.runtime.trust.TrustPolicy;
import io.starling.runtime.trust.TrustStore;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a node needs to sign and to judge others, opened at start from its profile.
 *
 * @param sequence its sequence numbers, reserved on disk ({@code <data>/sequence})
 * @param certificate its certificate, checked to be for this node's key, if it is enrolled
 * @param trust the mesh's trust (CA or allowlist, with revocation), or {@code null} if the profile
 *     has none: then the node accepts no commands and joins no mesh
 */
record NodeSecurity(
    SequenceCounter sequence, Optional<DeviceCertificate> certificate, TrustStore trust) {

  private static final Logger LOG = LoggerFactory.getLogger(NodeSecurity.class);

  static NodeSecurity open(Profile profile, NodeIdentity identity, Clock clock)
      throws NodeStartException {
    Path dataDir = profile.node().dataDir();
    SequenceCounter sequence;
    try {
      sequence = SequenceCounter.open(dataDir.resolve("sequence"));
    } catch (IOException e) {
      throw new NodeStartException(
          "cannot reserve sequence numbers in " + dataDir + ": " + e.getMessage(), e);
    }
    return new NodeSecurity(
        sequence, ownCertificate(profile, identity), trustStore(profile, clock));
  }

  private static Optional<DeviceCertificate> ownCertificate(Profile profile, NodeIdentity identity)
      throws NodeStartException {
    Optional<Path> file = profile.security().certificateFile();
    if (file.isEmpty()) {
      return Optional.empty();
    }
    try {
      DeviceCertificate cert = DeviceCertificate.readPem(file.get());
      if (!cert.nodeId().equals(identity.id())) {
        throw new NodeStartException(
            file.get()
                + ": the certificate is for node "
                + cert.nodeId()
                + ", but this node's key ("
                + profile.security().key()
                + ") is node "
                + identity.id(),
            null);
      }
      return Optional.of(cert);
    } catch (TrustException e) {
      throw new NodeStartException(e.getMessage(), e);
    }
  }

  private static TrustStore trustStore(Profile profile, Clock clock) throws NodeStartException {
    Optional<TrustPolicy> policy = profile.security().trustPolicy();
    if (policy.isEmpty()) {
      if (!profile.actuators().isEmpty()) {
        LOG.warn(
            "no security.trust or security.allow in the profile: actuators accept no commands");
      }
      return null;
    }
    try {
      return TrustStore.open(policy.get(), clock);
    } catch (TrustException e) {
      throw new NodeStartException(e.getMessage(), e);
    }
  }
}
