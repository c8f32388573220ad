package io.starling.runtime.trust.internal;

import io.starling.runtime.identity.NodeIdentity;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Date;
import java.util.Set;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequestBuilder;

/** Encodes the mesh's certificates and requests; the profile is in {@code docs/TRUST.md}. */
public final class CertificateCodec {

  /** The organization of every mesh CA's subject. */
  public static final String CA_ORGANIZATION = "Starling mesh CA";

  /** The SAN URI prefix; the node id follows. */
  public static final String NODE_URN_PREFIX = "urn:starling:node:";

  private CertificateCodec() {}

  /** What goes into a device certificate besides its issuer. */
  public record DeviceFields(
      String name,
      String nodeId,
      Set<String> groups,
      byte[] publicKey,
      BigInteger serial,
      Instant notBefore,
      Instant notAfter) {}

  /** RFC 8410 §4: SubjectPublicKeyInfo of a raw 32-byte Ed25519 key, parameters absent. */
  public static SubjectPublicKeyInfo ed25519Key(byte[] rawPublicKey) {
    return new SubjectPublicKeyInfo(EdDsaContentSigner.ED25519, rawPublicKey);
  }

  /**
   * RFC 5280 §4.2.1.2 method (1): the SHA-1 of the subjectPublicKey BIT STRING's value, here the
   * raw 32-byte key.
   */
  public static byte[] keyId(byte[] rawPublicKey) {
    try {
      return MessageDigest.getInstance("SHA-1").digest(rawPublicKey);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 is required of every Java platform", e);
    }
  }

  /** The CA subject: {@code CN=<name>, O=Starling mesh CA}. */
  public static X500Name caSubject(String name) {
    return new X500NameBuilder(BCStyle.INSTANCE)
        .addRDN(BCStyle.CN, name)
        .addRDN(BCStyle.O, CA_ORGANIZATION)
        .build();
  }

  /** A self-signed CA certificate, DER. */
  public static byte[] caCertificate(
      NodeIdentity ca, String name, BigInteger serial, Instant notBefore, Instant notAfter) {
    X500Name subject = caSubject(name);
    X509v3CertificateBuilder builder =
        new X509v3CertificateBuilder(
            subject,
            serial,
            Date.from(notBefore),
            Date.from(notAfter),
            subject,
            ed25519Key(ca.publicKey()));
    try {
      // RFC 5280 §4.2.1.9: a CA that only signs end-entity certificates: pathLenConstraint 0.
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
      // RFC 5280 §4.2.1.3
      builder.addExtension(
          Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
      builder.addExtension(
          Extension.subjectKeyIdentifier, false, new SubjectKeyIdentifier(keyId(ca.publicKey())));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return encode(builder, ca);
  }

  /** A device certificate issued by {@code ca}, whose certificate is {@code caDer}, DER. */
  public static byte[] deviceCertificate(NodeIdentity ca, byte[] caDer, DeviceFields d) {
    X500Name issuer;
    try {
      issuer = new X509CertificateHolder(caDer).getSubject();
    } catch (IOException e) {
      throw new IllegalArgumentException("the CA certificate does not decode", e);
    }
    X500NameBuilder subject =
        new X500NameBuilder(BCStyle.INSTANCE)
            .addRDN(BCStyle.CN, d.name())
            .addRDN(BCStyle.UID, d.nodeId());
    d.groups().forEach(g -> subject.addRDN(BCStyle.OU, g));
    X509v3CertificateBuilder builder =
        new X509v3CertificateBuilder(
            issuer,
            d.serial(),
            Date.from(d.notBefore()),
            Date.from(d.notAfter()),
            subject.build(),
            ed25519Key(d.publicKey()));
    try {
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
      builder.addExtension(
          Extension.subjectKeyIdentifier, false, new SubjectKeyIdentifier(keyId(d.publicKey())));
      // RFC 5280 §4.2.1.1
      builder.addExtension(
          Extension.authorityKeyIdentifier,
          false,
          new AuthorityKeyIdentifier(keyId(ca.publicKey())));
      // RFC 5280 §4.2.1.6: a URI SAN; the subject is not empty, so the extension is not critical.
      builder.addExtension(
          Extension.subjectAlternativeName,
          false,
          new GeneralNames(
              new GeneralName(
                  GeneralName.uniformResourceIdentifier, NODE_URN_PREFIX + d.nodeId())));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return encode(builder, ca);
  }

  /** A PKCS#10 request (RFC 2986) for {@code CN=<name>}, signed by the requester's key. */
  public static byte[] certificateRequest(NodeIdentity requester, String name) {
    X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, name).build();
    try {
      return new PKCS10CertificationRequestBuilder(subject, ed25519Key(requester.publicKey()))
          .build(new EdDsaContentSigner(requester))
          .getEncoded();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] encode(X509v3CertificateBuilder builder, NodeIdentity signer) {
    try {
      return builder.build(new EdDsaContentSigner(signer)).getEncoded();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
