package io.starling.runtime.identity;

import io.starling.runtime.util.AtomicFiles;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.EnumSet;
import java.util.Set;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemReader;
import org.bouncycastle.util.io.pem.PemWriter;

/**
 * Reads and writes node keys: PEM-encoded PKCS#8 {@code PRIVATE KEY} (RFC 5958, with the Ed25519
 * algorithm identifier of RFC 8410), readable by {@code openssl pkey}. Files are created with mode
 * 0600 and written atomically; a key file that others can read is refused, as ssh does.
 */
public final class KeyFiles {

  private static final String PEM_TYPE = "PRIVATE KEY";
  private static final Set<PosixFilePermission> OWNER_ONLY =
      EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

  private KeyFiles() {}

  /** What {@link #loadOrCreate} did. */
  public record Loaded(NodeIdentity identity, boolean created) {}

  /**
   * Loads the key at {@code file}, or creates one there (and its parent directories) if there is
   * none.
   *
   * @throws KeyFileException if the file exists but is unreadable, malformed, not Ed25519 or
   *     readable by others
   */
  public static Loaded loadOrCreate(Path file, SecureRandom random) throws KeyFileException {
    if (Files.exists(file)) {
      return new Loaded(load(file), false);
    }
    NodeIdentity identity = NodeIdentity.generate(random);
    try {
      write(file, identity);
    } catch (FileAlreadyExistsException raced) {
      return new Loaded(load(file), false);
    } catch (IOException e) {
      throw new KeyFileException(file + ": cannot create the node key: " + e.getMessage(), e);
    }
    return new Loaded(identity, true);
  }

  /** Loads an existing key. */
  public static NodeIdentity load(Path file) throws KeyFileException {
    checkPermissions(file);
    String pem;
    try {
      pem = Files.readString(file, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new KeyFileException(file + ": cannot read the node key: " + e.getMessage(), e);
    }
    try (PemReader reader = new PemReader(new StringReader(pem))) {
      PemObject object = reader.readPemObject();
      if (object == null || !PEM_TYPE.equals(object.getType())) {
        throw new KeyFileException(file + ": not a PEM '" + PEM_TYPE + "' (PKCS#8) file", null);
      }
      AsymmetricKeyParameter key =
          PrivateKeyFactory.createKey(PrivateKeyInfo.getInstance(object.getContent()));
      if (!(key instanceof Ed25519PrivateKeyParameters ed)) {
        throw new KeyFileException(
            file + ": the key is " + key.getClass().getSimpleName() + ", not Ed25519", null);
      }
      return new NodeIdentity(ed);
    } catch (IOException | IllegalArgumentException e) {
      throw new KeyFileException(file + ": malformed private key: " + e.getMessage(), e);
    }
  }

  /**
   * Writes a key with mode 0600, atomically (temporary file, then rename), refusing to overwrite.
   *
   * @throws FileAlreadyExistsException if a key is already there
   */
  public static void write(Path file, NodeIdentity identity) throws IOException {
    StringWriter text = new StringWriter();
    try (PemWriter writer = new PemWriter(text)) {
      // RFC 8410 §7 / §10.3: version 0, id-Ed25519, CurvePrivateKey (the 32-byte seed).
      PrivateKeyInfo info =
          new PrivateKeyInfo(
              new AlgorithmIdentifier(EdECObjectIdentifiers.id_Ed25519),
              new DEROctetString(identity.privateKeyParameters().getEncoded()));
      writer.writeObject(new PemObject(PEM_TYPE, info.getEncoded()));
    }
    AtomicFiles.write(
        file, text.toString().getBytes(StandardCharsets.US_ASCII), AtomicFiles.Option.OWNER_ONLY);
  }

  private static void checkPermissions(Path file) throws KeyFileException {
    if (!isPosix(file)) {
      return;
    }
    try {
      Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
      Set<PosixFilePermission> extra = EnumSet.copyOf(perms);
      extra.removeAll(OWNER_ONLY);
      extra.remove(PosixFilePermission.OWNER_EXECUTE);
      if (!extra.isEmpty()) {
        throw new KeyFileException(
            file
                + ": the node key is accessible by others (mode "
                + PosixFilePermissions.toString(perms)
                + "); run: chmod 600 "
                + file,
            null);
      }
    } catch (IOException e) {
      throw new KeyFileException(file + ": cannot read the node key: " + e.getMessage(), e);
    }
  }

  private static boolean isPosix(Path path) {
    Path existing = path.toAbsolutePath();
    while (existing != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    return existing != null
        && Files.getFileAttributeView(existing, PosixFileAttributeView.class) != null;
  }
}
