package io.starling.runtime.trust;

import io.starling.runtime.identity.KeyFiles;
import io.starling.runtime.identity.NodeIdentity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;

/**
 * A device directory: what a node needs to join a CA mesh, in files a profile points at.
 *
 * <ul>
 *   <li>{@value #NODE_KEY}: the node's private key (PKCS#8 PEM, mode 0600);
 *   <li>{@value #NODE_CERT}: its certificate;
 *   <li>{@value #CA_CERT}: the mesh CA certificate, the trust anchor;
 *   <li>{@value #NODE_CSR}: the request {@code keygen} writes for {@code ca sign}.
 * </ul>
 */
public final class DeviceFiles {

  /** The node's private key. */
  public static final String NODE_KEY = "node.key";

  /** The node's certificate. */
  public static final String NODE_CERT = "node.crt";

  /** The node's certificate signing request. */
  public static final String NODE_CSR = "node.csr";

  /** The mesh CA certificate. */
  public static final String CA_CERT = "ca.crt";

  private DeviceFiles() {}

  /**
   * Enrolls a device on the operator's machine: makes a key, has {@code ca} issue its certificate
   * and writes {@value #NODE_KEY}, {@value #NODE_CERT} and a copy of the CA certificate into {@code
   * dir}, so the directory is self-contained.
   *
   * @throws TrustException if the name, groups or validity are invalid, or {@code dir} already
   *     holds a key, a certificate or a different CA certificate (nothing is written then)
   */
  public static DeviceCertificate enroll(
      MeshCa ca,
      Path dir,
      String name,
      Collection<String> groups,
      Duration validity,
      SecureRandom random)
      throws TrustException, IOException {
    Path keyFile = dir.resolve(NODE_KEY);
    Path certFile = dir.resolve(NODE_CERT);
    Path caFile = dir.resolve(CA_CERT);
    refuseExisting(keyFile);
    refuseExisting(certFile);
    boolean caPresent = Files.exists(caFile);
    if (caPresent && !Arrays.equals(CaCertificate.readPem(caFile).der(), ca.certificate().der())) {
      throw new TrustException(caFile + " already exists and is another CA's certificate");
    }
    NodeIdentity identity = NodeIdentity.generate(random);
    DeviceCertificate certificate = ca.issue(name, identity.publicKey(), groups, validity);
    KeyFiles.write(keyFile, identity);
    certificate.writePem(certFile);
    if (!caPresent) {
      ca.certificate().writePem(caFile);
    }
    return certificate;
  }

  /**
   * Makes a key on the device and a request for it: writes {@value #NODE_KEY} and {@value
   * #NODE_CSR} into {@code dir}. Only the request goes to the operator.
   *
   * @param name the name to request, or {@code null} for the node id (the CA may override it)
   * @throws TrustException if the name is invalid or {@code dir} already holds a key or request
   */
  public static CertificateRequest keygen(Path dir, String name, SecureRandom random)
      throws TrustException, IOException {
    Path keyFile = dir.resolve(NODE_KEY);
    Path csrFile = dir.resolve(NODE_CSR);
    refuseExisting(keyFile);
    refuseExisting(csrFile);
    NodeIdentity identity = NodeIdentity.generate(random);
    CertificateRequest request =
        CertificateRequest.create(identity, name != null ? name : identity.id().toString());
    KeyFiles.write(keyFile, identity);
    request.writePem(csrFile);
    return request;
  }

  private static void refuseExisting(Path file) throws TrustException {
    if (Files.exists(file)) {
      throw new TrustException(file + " already exists; refusing to overwrite it");
    }
  }
}
