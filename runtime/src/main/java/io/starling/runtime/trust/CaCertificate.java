package io.starling.runtime.trust;

import io.starling.runtime.identity.NodeIdentity;
import io.starling.runtime.trust.internal.CertificateCodec;
import io.starling.runtime.trust.internal.CertificateFields;
import io.starling.runtime.trust.internal.Pem;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HexFormat;

/**
 * A parsed mesh CA certificate: self-signed, Ed25519, BasicConstraints cA, KeyUsage keyCertSign.
 * Immutable.
 */
public final class CaCertificate {

  private final CertificateFields fields;
  private final String name;
  private final byte[] der;

  private CaCertificate(CertificateFields fields, String name, byte[] der) {
    this.fields = fields;
    this.name = name;
    this.der = der;
  }

  /**
   * Parses a DER CA certificate and verifies its self-signature.
   *
   * @throws TrustException if it is not a self-signed Ed25519 CA certificate
   */
  public static CaCertificate parse(byte[] der) throws TrustException {
    CertificateFields f = Decoding.decode(der, CertificateFields::decode);
    if (!f.ca()) {
      throw new TrustException("not a CA certificate (BasicConstraints cA is not set)");
    }
    if (f.keyUsage() >= 0 && !f.hasKeyUsage(CertificateFields.KEY_CERT_SIGN)) {
      throw new TrustException("its KeyUsage lacks keyCertSign (RFC 5280 §4.2.1.3)");
    }
    if (!f.issuer().equals(f.subject())
        || !NodeIdentity.verify(f.publicKey(), f.signedBytes(), f.signature())) {
      throw new TrustException("not self-signed: a mesh CA certificate is its own root");
    }
    String name = f.commonNames().isEmpty() ? f.subject() : f.commonNames().getFirst();
    return new CaCertificate(f, name, der.clone());
  }

  /**
   * Reads a PEM CA certificate file.
   *
   * @throws TrustException naming the file if it is missing, unreadable or not a CA certificate
   */
  public static CaCertificate readPem(Path file) throws TrustException {
    return Decoding.readPem(file, Pem.CERTIFICATE, CaCertificate::parse);
  }

  /** Writes the certificate as PEM, atomically, refusing to overwrite. */
  public void writePem(Path file) throws IOException {
    Pem.writeNew(file, Pem.CERTIFICATE, der);
  }

  /** The CA's name (subject CN). */
  public String name() {
    return name;
  }

  /** The raw 32-byte Ed25519 public key. */
  public byte[] publicKey() {
    return fields.publicKey().clone();
  }

  /**
   * The key id (RFC 5280 §4.2.1.2 method 1, SHA-1 of the public key) in lower-case hex; device
   * certificates name it as their authority key identifier.
   */
  public String keyId() {
    return HexFormat.of().formatHex(CertificateCodec.keyId(fields.publicKey()));
  }

  /** Start of validity. */
  public Instant notBefore() {
    return fields.notBefore();
  }

  /** End of validity. */
  public Instant notAfter() {
    return fields.notAfter();
  }

  /** The serial number. */
  public BigInteger serial() {
    return fields.serial();
  }

  /** The DER encoding. */
  public byte[] der() {
    return der.clone();
  }

  /** The issuer DN that certificates issued by this CA carry, RFC 4514 text. */
  String subject() {
    return fields.subject();
  }

  @Override
  public String toString() {
    return "CaCertificate[" + name + " key id " + keyId() + " until " + notAfter() + "]";
  }
}
