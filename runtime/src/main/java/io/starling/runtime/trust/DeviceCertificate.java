package io.starling.runtime.trust;

import io.starling.runtime.identity.NodeId;
import io.starling.runtime.trust.internal.CertificateCodec;
import io.starling.runtime.trust.internal.CertificateFields;
import io.starling.runtime.trust.internal.Pem;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;

/**
 * A parsed device or operator certificate (the profile is in {@code docs/TRUST.md}). Immutable.
 * Parsing checks the structure; whether the mesh admits it is {@link TrustStore}'s call, including
 * {@link #idMatchesKey()}.
 */
public final class DeviceCertificate {

  private final CertificateFields fields;
  private final String name;
  private final NodeId nodeId;
  private final List<NodeId> sanIds;
  private final SortedSet<String> groups;
  private final byte[] der;

  private DeviceCertificate(
      CertificateFields fields,
      String name,
      NodeId nodeId,
      List<NodeId> sanIds,
      SortedSet<String> groups,
      byte[] der) {
    this.fields = fields;
    this.name = name;
    this.nodeId = nodeId;
    this.sanIds = sanIds;
    this.groups = groups;
    this.der = der;
  }

  /**
   * Parses a DER certificate.
   *
   * @throws TrustException if it is not an X.509 v3 Ed25519 end-entity certificate with exactly one
   *     valid CN and one node-id UID, valid OU groups and node URN SANs
   */
  public static DeviceCertificate parse(byte[] der) throws TrustException {
    CertificateFields f = Decoding.decode(der, CertificateFields::decode);
    if (f.ca()) {
      throw new TrustException("is a CA certificate (BasicConstraints cA), not a device's");
    }
    if (f.keyUsage() >= 0 && !f.hasKeyUsage(CertificateFields.DIGITAL_SIGNATURE)) {
      throw new TrustException("its KeyUsage lacks digitalSignature (RFC 5280 §4.2.1.3)");
    }
    String name = single("CN", f.commonNames());
    Names.check("subject CN", name);
    NodeId id = nodeId("subject UID", single("UID", f.uids()));
    List<NodeId> sanIds = new ArrayList<>();
    for (String uri : f.sanUris()) {
      if (uri.startsWith(CertificateCodec.NODE_URN_PREFIX)) {
        sanIds.add(
            nodeId(
                "subjectAltName " + uri, uri.substring(CertificateCodec.NODE_URN_PREFIX.length())));
      }
    }
    SortedSet<String> groups = Names.checkGroups("subject OU", f.organizationalUnits());
    return new DeviceCertificate(f, name, id, List.copyOf(sanIds), groups, der.clone());
  }

  /**
   * Reads a PEM certificate file.
   *
   * @throws TrustException naming the file if it is missing, unreadable or not a device certificate
   */
  public static DeviceCertificate readPem(Path file) throws TrustException {
    return Decoding.readPem(file, Pem.CERTIFICATE, DeviceCertificate::parse);
  }

  private static String single(String attribute, List<String> values) throws TrustException {
    if (values.size() != 1) {
      throw new TrustException(
          "the subject has " + values.size() + " " + attribute + " attributes, expected exactly 1");
    }
    return values.getFirst();
  }

  private static NodeId nodeId(String what, String text) throws TrustException {
    try {
      return NodeId.parse(text);
    } catch (IllegalArgumentException e) {
      throw new TrustException(what + ": " + e.getMessage(), e);
    }
  }

  /** Writes the certificate as PEM, atomically, refusing to overwrite. */
  public void writePem(Path file) throws IOException {
    Pem.writeNew(file, Pem.CERTIFICATE, der);
  }

  /** The PEM text. */
  public String toPem() {
    return Pem.encode(Pem.CERTIFICATE, der);
  }

  /** The subject CN: the node's (or operator's) name. */
  public String name() {
    return name;
  }

  /** The node id the certificate claims (its UID); see {@link #idMatchesKey()}. */
  public NodeId nodeId() {
    return nodeId;
  }

  /** The groups (subject OUs), sorted. */
  public Set<String> groups() {
    return groups;
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

  /** The serial number in lower-case hex, at least 32 digits; revocation files accept it. */
  public String serialHex() {
    return Serials.hex(fields.serial());
  }

  /** The authority key identifier in lower-case hex (the issuing CA's key id); empty if none. */
  public String issuerKeyId() {
    return HexFormat.of().formatHex(fields.authorityKeyId());
  }

  /** The raw 32-byte Ed25519 public key. */
  public byte[] publicKey() {
    return fields.publicKey().clone();
  }

  /** The DER encoding. */
  public byte[] der() {
    return der.clone();
  }

  /**
   * Whether the UID and every {@code urn:starling:node:} SAN URI equal the hash of the
   * certificate's own public key ({@link NodeId#fromPublicKey}).
   */
  public boolean idMatchesKey() {
    NodeId actual = NodeId.fromPublicKey(fields.publicKey());
    return nodeId.equals(actual) && sanIds.stream().allMatch(actual::equals);
  }

  CertificateFields fields() {
    return fields;
  }

  @Override
  public String toString() {
    return "DeviceCertificate["
        + name
        + " "
        + nodeId
        + " groups "
        + groups
        + " serial "
        + serialHex()
        + " until "
        + notAfter()
        + "]";
  }
}
