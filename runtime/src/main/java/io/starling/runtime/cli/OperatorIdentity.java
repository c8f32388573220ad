package io.starling.runtime.cli;

import io.starling.runtime.identity.KeyFileException;
import io.starling.runtime.identity.KeyFiles;
import io.starling.runtime.identity.NodeIdentity;
import io.starling.runtime.trust.DeviceCertificate;
import io.starling.runtime.trust.DeviceFiles;
import io.starling.runtime.trust.TrustException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * An operator's enrolled identity as {@code starling enroll} writes it: {@code DIR/node.key} and
 * the certificate for that key, {@code DIR/node.crt}. Its {@link #toString()} shows no key.
 *
 * @param identity the key pair
 * @param certificate the mesh CA's certificate for it
 */
record OperatorIdentity(NodeIdentity identity, DeviceCertificate certificate) {

  /**
   * Loads the identity in {@code dir}.
   *
   * @throws TrustException with the file and what to do, if a file is missing, unreadable or
   *     malformed, or the certificate is for another key
   */
  static OperatorIdentity load(Path dir) throws TrustException {
    if (!Files.isDirectory(dir)) {
      throw new TrustException(
          dir + ": no such identity directory (make one with starling enroll --out " + dir + ")");
    }
    Path keyFile = dir.resolve(DeviceFiles.NODE_KEY);
    if (!Files.exists(keyFile)) {
      throw new TrustException(keyFile + ": no key here (make one with starling enroll)");
    }
    NodeIdentity identity;
    try {
      identity = KeyFiles.load(keyFile);
    } catch (KeyFileException e) {
      throw new TrustException(e.getMessage());
    }
    Path certFile = dir.resolve(DeviceFiles.NODE_CERT);
    if (!Files.exists(certFile)) {
      throw new TrustException(
          certFile
              + ": no certificate here; a node accepts only commands signed by an enrolled"
              + " identity (starling enroll, or starling ca sign)");
    }
    DeviceCertificate cert = DeviceCertificate.readPem(certFile);
    if (!cert.nodeId().equals(identity.id())) {
      throw new TrustException(
          certFile
              + ": the certificate is for "
              + cert.nodeId()
              + ", but "
              + keyFile
              + " is "
              + identity.id());
    }
    return new OperatorIdentity(identity, cert);
  }
}
