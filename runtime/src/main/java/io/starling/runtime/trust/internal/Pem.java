package io.starling.runtime.trust.internal;

import io.starling.runtime.util.AtomicFiles;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemReader;
import org.bouncycastle.util.io.pem.PemWriter;

/** PEM files (RFC 7468) holding one DER object: certificates and certificate requests. */
public final class Pem {

  /** RFC 7468 §5 label of a certificate. */
  public static final String CERTIFICATE = "CERTIFICATE";

  /** RFC 7468 §7 label of a PKCS#10 request. */
  public static final String CERTIFICATE_REQUEST = "CERTIFICATE REQUEST";

  /** Larger files are refused unread; an Ed25519 certificate is well under 1 KiB. */
  public static final long MAX_SIZE = 64 * 1024;

  private Pem() {}

  /** The PEM text of {@code der} under {@code label}. */
  public static String encode(String label, byte[] der) {
    StringWriter text = new StringWriter();
    try (PemWriter writer = new PemWriter(text)) {
      writer.writeObject(new PemObject(label, der));
    } catch (IOException e) {
      throw new IllegalStateException("writing to a string cannot fail", e);
    }
    return text.toString();
  }

  /**
   * Reads the first PEM object of a file and checks its label.
   *
   * @throws IOException if the file cannot be read
   * @throws IllegalArgumentException if it is too large, not PEM or has another label
   */
  public static byte[] read(Path file, String label) throws IOException {
    long size = Files.size(file);
    if (size > MAX_SIZE) {
      throw new IllegalArgumentException(
          "the file has " + size + " bytes, more than the " + MAX_SIZE + " allowed");
    }
    String text = Files.readString(file, StandardCharsets.US_ASCII);
    try (PemReader reader = new PemReader(new StringReader(text))) {
      PemObject object = reader.readPemObject();
      if (object == null) {
        throw new IllegalArgumentException("not a PEM file (no -----BEGIN " + label + "-----)");
      }
      if (!label.equals(object.getType())) {
        throw new IllegalArgumentException(
            "holds a PEM '" + object.getType() + "', not a '" + label + "'");
      }
      return object.getContent();
    } catch (IOException e) {
      throw new IllegalArgumentException("malformed PEM: " + e.getMessage(), e);
    }
  }

  /**
   * Writes {@code der} as PEM atomically (temporary file, then rename), refusing to overwrite.
   *
   * @throws FileAlreadyExistsException if the file exists
   */
  public static void writeNew(Path file, String label, byte[] der) throws IOException {
    AtomicFiles.write(file, encode(label, der).getBytes(StandardCharsets.US_ASCII));
  }
}
