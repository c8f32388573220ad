package io.starling.runtime.trust.internal;

import io.starling.runtime.identity.NodeIdentity;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.operator.ContentSigner;

/**
 * A Bouncy Castle {@link ContentSigner} that signs with a {@link NodeIdentity}, so the private key
 * never leaves the identity. RFC 8410 §3: the algorithm identifier is id-Ed25519 with parameters
 * absent; Ed25519 is pure (RFC 8032 §5.1.6), so it signs the whole encoding, not a digest.
 */
public final class EdDsaContentSigner implements ContentSigner {

  /** id-Ed25519 (1.3.101.112), parameters absent (RFC 8410 §3). */
  public static final AlgorithmIdentifier ED25519 =
      new AlgorithmIdentifier(EdECObjectIdentifiers.id_Ed25519);

  private final NodeIdentity identity;
  private final ByteArrayOutputStream data = new ByteArrayOutputStream();

  /** Signs with {@code identity}; use one instance per signature. */
  public EdDsaContentSigner(NodeIdentity identity) {
    this.identity = identity;
  }

  @Override
  public AlgorithmIdentifier getAlgorithmIdentifier() {
    return ED25519;
  }

  @Override
  public OutputStream getOutputStream() {
    return data;
  }

  @Override
  public byte[] getSignature() {
    return identity.sign(data.toByteArray());
  }
}
