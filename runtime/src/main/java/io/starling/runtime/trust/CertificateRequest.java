package io.starling.runtime.trust;

import io.starling.runtime.identity.NodeId;
import io.starling.runtime.identity.NodeIdentity;
import io.starling.runtime.trust.internal.CertificateCodec;
import io.starling.runtime.trust.internal.Pem;
import io.starling.runtime.trust.internal.RequestFields;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A certificate signing request (PKCS#10, RFC 2986) with an Ed25519 key and signature: how a device
 * asks the mesh CA for a certificate without its private key leaving the device. Subject {@code
 * CN=<name>}; the CA adds the node id and groups. Parsed requests have a verified self-signature.
 */
public final class CertificateRequest {

  private final String name;
  private final byte[] publicKey;
  private final byte[] der;

  private CertificateRequest(String name, byte[] publicKey, byte[] der) {
    this.name = name;
    this.publicKey = publicKey;
    this.der = der;
  }

  /**
   * A request for {@code identity}'s key under {@code name}, signed by it.
   *
   * @throws TrustException if the name breaks {@link Names#RULE}
   */
  public static CertificateRequest create(NodeIdentity identity, String name)
      throws TrustException {
    Names.check("name", name);
    return new CertificateRequest(
        name, identity.publicKey(), CertificateCodec.certificateRequest(identity, name));
  }

  /**
   * Parses a DER request and verifies its self-signature.
   *
   * @throws TrustException if it is malformed, not Ed25519, its signature does not verify, or its
   *     subject lacks a valid CN
   */
  public static CertificateRequest parse(byte[] der) throws TrustException {
    RequestFields f = Decoding.decode(der, RequestFields::decode);
    if (f.commonNames().size() != 1) {
      throw new TrustException(
          "the subject has " + f.commonNames().size() + " CN attributes, expected exactly 1");
    }
    String name = Names.check("subject CN", f.commonNames().getFirst());
    return new CertificateRequest(name, f.publicKey(), der.clone());
  }

  /**
   * Reads a PEM request file.
   *
   * @throws TrustException naming the file if it is missing, unreadable or not a valid request
   */
  public static CertificateRequest readPem(Path file) throws TrustException {
    return Decoding.readPem(file, Pem.CERTIFICATE_REQUEST, CertificateRequest::parse);
  }

  /** Writes the request as PEM, atomically, refusing to overwrite. */
  public void writePem(Path file) throws IOException {
    Pem.writeNew(file, Pem.CERTIFICATE_REQUEST, der);
  }

  /** The requested name (subject CN). */
  public String name() {
    return name;
  }

  /** The raw 32-byte Ed25519 public key. */
  public byte[] publicKey() {
    return publicKey.clone();
  }

  /** The node id of the requester's key. */
  public NodeId nodeId() {
    return NodeId.fromPublicKey(publicKey);
  }

  /** The DER encoding. */
  public byte[] der() {
    return der.clone();
  }
}
