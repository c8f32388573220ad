package io.starling.runtime.trust.internal;

import java.io.IOException;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Certificate;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;

/**
 * The fields of an X.509 certificate that the mesh uses, decoded once into plain Java types.
 * Decoding checks only structure and algorithms (v3, Ed25519 key and signature); what the fields
 * mean is checked by the trust package.
 *
 * @param serial the serial number
 * @param issuer the issuer DN, RFC 4514 text
 * @param subject the subject DN, RFC 4514 text
 * @param commonNames the subject's CN values
 * @param uids the subject's UID values (0.9.2342.19200300.100.1.1)
 * @param organizationalUnits the subject's OU values, in order
 * @param sanUris the subjectAltName URIs
 * @param ca whether BasicConstraints says cA
 * @param keyUsage the KeyUsage bits, -1 if absent
 * @param subjectKeyId the SubjectKeyIdentifier, or empty
 * @param authorityKeyId the AuthorityKeyIdentifier's keyIdentifier, or empty
 * @param publicKey the raw 32-byte Ed25519 public key
 * @param notBefore start of validity
 * @param notAfter end of validity
 * @param signedBytes the DER tbsCertificate, the bytes the signature covers
 * @param signature the signature value
 */
public record CertificateFields(
    BigInteger serial,
    String issuer,
    String subject,
    List<String> commonNames,
    List<String> uids,
    List<String> organizationalUnits,
    List<String> sanUris,
    boolean ca,
    int keyUsage,
    byte[] subjectKeyId,
    byte[] authorityKeyId,
    byte[] publicKey,
    Instant notBefore,
    Instant notAfter,
    byte[] signedBytes,
    byte[] signature) {

  /** KeyUsage digitalSignature. */
  public static final int DIGITAL_SIGNATURE = KeyUsage.digitalSignature;

  /** KeyUsage keyCertSign. */
  public static final int KEY_CERT_SIGN = KeyUsage.keyCertSign;

  /**
   * Decodes a DER certificate.
   *
   * @throws IllegalArgumentException saying what is wrong, if it is not a v3 X.509 certificate with
   *     an Ed25519 key and signature
   */
  public static CertificateFields decode(byte[] der) {
    X509CertificateHolder holder;
    try {
      holder = new X509CertificateHolder(der);
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("not a DER X.509 certificate: " + e.getMessage(), e);
    }
    try {
      return fields(holder);
    } catch (IllegalArgumentException e) {
      throw e;
    } catch (RuntimeException | IOException e) {
      throw new IllegalArgumentException("malformed certificate: " + e.getMessage(), e);
    }
  }

  private static CertificateFields fields(X509CertificateHolder h) throws IOException {
    if (h.getVersionNumber() != 3) {
      throw new IllegalArgumentException(
          "X.509 version " + h.getVersionNumber() + ", the mesh requires version 3");
    }
    // RFC 8410 §6: signatureAlgorithm id-Ed25519, parameters absent.
    requireEd25519("signature algorithm", h.getSignatureAlgorithm());
    Certificate c = h.toASN1Structure();
    requireEd25519("inner signature algorithm", c.getTBSCertificate().getSignature());
    byte[] key = ed25519PublicKey(h.getSubjectPublicKeyInfo());
    Extensions ext = h.getExtensions();
    BasicConstraints bc = BasicConstraints.fromExtensions(ext);
    KeyUsage ku = KeyUsage.fromExtensions(ext);
    SubjectKeyIdentifier ski = SubjectKeyIdentifier.fromExtensions(ext);
    AuthorityKeyIdentifier aki = AuthorityKeyIdentifier.fromExtensions(ext);
    byte[] akiBytes = aki == null ? null : aki.getKeyIdentifier();
    X500Name subject = h.getSubject();
    return new CertificateFields(
        h.getSerialNumber(),
        h.getIssuer().toString(),
        subject.toString(),
        values(subject, BCStyle.CN),
        values(subject, BCStyle.UID),
        values(subject, BCStyle.OU),
        sanUris(ext),
        bc != null && bc.isCA(),
        ku == null ? -1 : keyUsageBits(ku),
        ski == null ? new byte[0] : ski.getKeyIdentifier(),
        akiBytes == null ? new byte[0] : akiBytes,
        key,
        h.getNotBefore().toInstant(),
        h.getNotAfter().toInstant(),
        c.getTBSCertificate().getEncoded(ASN1Encoding.DER),
        c.getSignature().getOctets());
  }

  /** Whether {@code bit} (e.g. {@link #DIGITAL_SIGNATURE}) is set; false if KeyUsage is absent. */
  public boolean hasKeyUsage(int bit) {
    return keyUsage >= 0 && (keyUsage & bit) == bit;
  }

  private static int keyUsageBits(KeyUsage ku) {
    int bits = 0;
    for (int bit :
        new int[] {
          KeyUsage.digitalSignature,
          KeyUsage.nonRepudiation,
          KeyUsage.keyEncipherment,
          KeyUsage.dataEncipherment,
          KeyUsage.keyAgreement,
          KeyUsage.keyCertSign,
          KeyUsage.cRLSign,
          KeyUsage.encipherOnly,
          KeyUsage.decipherOnly
        }) {
      if (ku.hasUsages(bit)) {
        bits |= bit;
      }
    }
    return bits;
  }

  static void requireEd25519(String what, AlgorithmIdentifier alg) {
    if (!EdECObjectIdentifiers.id_Ed25519.equals(alg.getAlgorithm())) {
      throw new IllegalArgumentException(
          what + " is " + alg.getAlgorithm().getId() + ", not Ed25519 (1.3.101.112, RFC 8410)");
    }
    if (alg.getParameters() != null) {
      throw new IllegalArgumentException(what + " Ed25519 must have no parameters (RFC 8410 §3)");
    }
  }

  static byte[] ed25519PublicKey(SubjectPublicKeyInfo info) {
    requireEd25519("public key algorithm", info.getAlgorithm());
    if (info.getPublicKeyData().getPadBits() != 0) {
      throw new IllegalArgumentException("the Ed25519 public key is not a whole number of bytes");
    }
    byte[] key = info.getPublicKeyData().getOctets();
    if (key.length != 32) {
      throw new IllegalArgumentException(
          "the Ed25519 public key has " + key.length + " bytes, not 32 (RFC 8410 §4)");
    }
    return key;
  }

  static List<String> values(X500Name name, ASN1ObjectIdentifier type) {
    List<String> values = new ArrayList<>();
    for (RDN rdn : name.getRDNs(type)) {
      values.add(IETFUtils.valueToString(rdn.getFirst().getValue()));
    }
    return List.copyOf(values);
  }

  private static List<String> sanUris(Extensions ext) {
    GeneralNames names = GeneralNames.fromExtensions(ext, Extension.subjectAlternativeName);
    if (names == null) {
      return List.of();
    }
    List<String> uris = new ArrayList<>();
    for (GeneralName n : names.getNames()) {
      if (n.getTagNo() == GeneralName.uniformResourceIdentifier) {
        uris.add(n.getName().toString());
      }
    }
    return List.copyOf(uris);
  }
}
