package io.starling.runtime.trust.internal;

import io.starling.runtime.identity.NodeIdentity;
import java.io.IOException;
import java.util.List;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;

/**
 * A decoded PKCS#10 certificate request (RFC 2986) whose self-signature has been verified.
 *
 * @param commonNames the subject's CN values
 * @param publicKey the raw 32-byte Ed25519 public key
 */
public record RequestFields(List<String> commonNames, byte[] publicKey) {

  /**
   * Decodes a DER request and verifies its signature with its own key (RFC 2986 §3: proof that the
   * requester holds the private key).
   *
   * @throws IllegalArgumentException saying what is wrong
   */
  public static RequestFields decode(byte[] der) {
    PKCS10CertificationRequest csr;
    try {
      csr = new PKCS10CertificationRequest(der);
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("not a DER PKCS#10 request: " + e.getMessage(), e);
    }
    try {
      CertificateFields.requireEd25519("signature algorithm", csr.getSignatureAlgorithm());
      byte[] key = CertificateFields.ed25519PublicKey(csr.getSubjectPublicKeyInfo());
      byte[] info =
          csr.toASN1Structure().getCertificationRequestInfo().getEncoded(ASN1Encoding.DER);
      if (!NodeIdentity.verify(key, info, csr.getSignature())) {
        throw new IllegalArgumentException(
            "the request's signature does not verify with its own public key");
      }
      return new RequestFields(CertificateFields.values(csr.getSubject(), BCStyle.CN), key);
    } catch (IOException | IllegalStateException e) {
      throw new IllegalArgumentException("malformed request: " + e.getMessage(), e);
    }
  }
}
