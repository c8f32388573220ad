package io.starling.runtime.trust;

import io.starling.runtime.identity.KeyFileException;
import io.starling.runtime.identity.KeyFiles;
import io.starling.runtime.identity.NodeId;
import io.starling.runtime.identity.NodeIdentity;
import io.starling.runtime.trust.internal.CertificateCodec;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Collection;
import java.util.Objects;

/**
 * A mesh certificate authority, in the manner of Nebula's {@code nebula-cert ca}: an Ed25519 key
 * ({@value #KEY_FILE}, PKCS#8 PEM, mode 0600) and a self-signed X.509 certificate ({@value
 * #CERT_FILE}) in one directory on the operator's machine. It issues device certificates (RFC 5280
 * profile with RFC 8410 Ed25519 keys, described in {@code docs/TRUST.md}).
 */
public final class MeshCa {

  /** The CA's private key file in its directory. */
  public static final String KEY_FILE = "ca.key";

  /** The CA's certificate file in its directory. */
  public static final String CERT_FILE = "ca.crt";

  /** Default CA validity: 10 years. */
  public static final Duration DEFAULT_VALIDITY = Duration.ofDays(3650);

  /** Default device certificate validity: 365 days. */
  public static final Duration DEFAULT_CERT_VALIDITY = Duration.ofDays(365);

  /** notBefore is this far in the past, so peers with slightly slow clocks accept a new cert. */
  public static final Duration BACKDATE = Duration.ofMinutes(1);

  private final NodeIdentity key;
  private final CaCertificate certificate;
  private final Clock clock;
  private final SecureRandom random;

  private MeshCa(NodeIdentity key, CaCertificate certificate, Clock clock, SecureRandom random) {
    this.key = key;
    this.certificate = certificate;
    this.clock = clock;
    this.random = random;
  }

  /** {@link #init(Path, String, Duration, Clock, SecureRandom)} with the system clock. */
  public static MeshCa init(Path dir, String name, Duration validity)
      throws TrustException, IOException {
    return init(dir, name, validity, Clock.systemUTC(), new SecureRandom());
  }

  /**
   * Creates a CA in {@code dir}: a new key and a self-signed certificate {@code CN=<name>,
   * O=Starling mesh CA} valid from a minute ago for {@code validity}.
   *
   * @throws TrustException if the name is invalid, the validity not positive, or a CA (either file)
   *     is already in {@code dir}
   * @throws IOException if the files cannot be written
   */
  public static MeshCa init(
      Path dir, String name, Duration validity, Clock clock, SecureRandom random)
      throws TrustException, IOException {
    Names.check("CA name", name);
    requirePositive(validity);
    Path keyFile = dir.resolve(KEY_FILE);
    Path certFile = dir.resolve(CERT_FILE);
    for (Path f : new Path[] {keyFile, certFile}) {
      if (Files.exists(f)) {
        throw new TrustException(f + " already exists; refusing to overwrite a mesh CA");
      }
    }
    NodeIdentity key = NodeIdentity.generate(random);
    Instant notBefore = notBefore(clock);
    byte[] der =
        CertificateCodec.caCertificate(
            key, name, Serials.random(random), notBefore, notBefore.plus(validity));
    CaCertificate certificate = CaCertificate.parse(der);
    try {
      KeyFiles.write(keyFile, key);
      certificate.writePem(certFile);
    } catch (FileAlreadyExistsException e) {
      throw new TrustException(e.getFile() + " already exists; refusing to overwrite a mesh CA");
    }
    return new MeshCa(key, certificate, clock, random);
  }

  /** {@link #load(Path, Clock, SecureRandom)} with the system clock. */
  public static MeshCa load(Path dir) throws TrustException {
    return load(dir, Clock.systemUTC(), new SecureRandom());
  }

  /**
   * Loads the CA in {@code dir}.
   *
   * @throws TrustException if the directory or either file is missing or invalid, or the key does
   *     not match the certificate
   */
  public static MeshCa load(Path dir, Clock clock, SecureRandom random) throws TrustException {
    if (!Files.isDirectory(dir)) {
      throw new TrustException(
          dir + ": no such CA directory; create one with: starling ca init --out " + dir);
    }
    Path keyFile = dir.resolve(KEY_FILE);
    if (!Files.exists(keyFile)) {
      throw new TrustException(keyFile + ": no such file; " + dir + " is not a mesh CA directory");
    }
    NodeIdentity key;
    try {
      key = KeyFiles.load(keyFile);
    } catch (KeyFileException e) {
      throw new TrustException(e.getMessage(), e);
    }
    CaCertificate certificate = CaCertificate.readPem(dir.resolve(CERT_FILE));
    if (!Arrays.equals(key.publicKey(), certificate.publicKey())) {
      throw new TrustException(
          dir.resolve(CERT_FILE) + ": its public key is not the key in " + keyFile);
    }
    return new MeshCa(key, certificate, clock, random);
  }

  /** The CA certificate. */
  public CaCertificate certificate() {
    return certificate;
  }

  /**
   * Issues a certificate for {@code publicKey}: subject {@code CN=<name>, UID=<node id>,
   * OU=<group>} (one OU per group), SAN {@code urn:starling:node:<node id>}, valid from a minute
   * ago for {@code validity}, with a random 128-bit serial.
   *
   * @throws TrustException if a name or group is invalid, the validity is not positive or would
   *     outlast the CA certificate, or the key is not 32 bytes
   */
  public DeviceCertificate issue(
      String name, byte[] publicKey, Collection<String> groups, Duration validity)
      throws TrustException {
    Names.check("name", name);
    requirePositive(validity);
    if (publicKey.length != 32) {
      throw new TrustException(
          "the public key has " + publicKey.length + " bytes; an Ed25519 key has 32");
    }
    Instant notBefore = notBefore(clock);
    Instant notAfter = notBefore.plus(validity);
    if (notAfter.isAfter(certificate.notAfter())) {
      throw new TrustException(
          "the certificate would expire "
              + notAfter
              + ", after the CA certificate "
              + certificate.notAfter()
              + "; ask for fewer days");
    }
    CertificateCodec.DeviceFields fields =
        new CertificateCodec.DeviceFields(
            name,
            NodeId.fromPublicKey(publicKey).toString(),
            Names.checkGroups("group", groups),
            publicKey.clone(),
            Serials.random(random),
            notBefore,
            notAfter);
    return DeviceCertificate.parse(
        CertificateCodec.deviceCertificate(key, certificate.der(), fields));
  }

  /**
   * Issues a certificate for the key in a verified request.
   *
   * @param name the name to certify, or {@code null} for the request's CN
   */
  public DeviceCertificate sign(
      CertificateRequest request, String name, Collection<String> groups, Duration validity)
      throws TrustException {
    Objects.requireNonNull(request, "request");
    return issue(name != null ? name : request.name(), request.publicKey(), groups, validity);
  }

  private static Instant notBefore(Clock clock) {
    return clock.instant().minus(BACKDATE).truncatedTo(ChronoUnit.SECONDS);
  }

  private static void requirePositive(Duration validity) throws TrustException {
    if (validity.isNegative() || validity.isZero()) {
      throw new TrustException("validity " + validity + " must be positive");
    }
  }

  @Override
  public String toString() {
    return "MeshCa[" + certificate.name() + " key id " + certificate.keyId() + "]";
  }
}
