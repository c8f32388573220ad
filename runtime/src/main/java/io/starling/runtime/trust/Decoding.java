package io.starling.runtime.trust;

import io.starling.runtime.trust.internal.Pem;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * What the certificate and request types share when they decode: DER through the internal decoders
 * and PEM files, with every failure a {@link TrustException} (naming the file for PEM files).
 */
final class Decoding {

  private Decoding() {}

  /** Parses one DER object into a checked value. */
  @FunctionalInterface
  interface Parser<T> {
    T parse(byte[] der) throws TrustException;
  }

  /**
   * Runs an internal decoder, whose {@link IllegalArgumentException} (malformed DER) becomes a
   * {@link TrustException} with its message.
   */
  static <T> T decode(byte[] der, Function<byte[], T> decoder) throws TrustException {
    try {
      return decoder.apply(der);
    } catch (IllegalArgumentException e) {
      throw new TrustException(e.getMessage(), e);
    }
  }

  /**
   * Reads the PEM object labelled {@code label} from {@code file} and parses it.
   *
   * @throws TrustException naming the file if it is missing, unreadable, not PEM, has another label
   *     or does not parse
   */
  static <T> T readPem(Path file, String label, Parser<T> parser) throws TrustException {
    try {
      return parser.parse(Pem.read(file, label));
    } catch (NoSuchFileException e) {
      throw new TrustException(file + ": no such file", e);
    } catch (IOException | IllegalArgumentException e) {
      throw new TrustException(file + ": " + e.getMessage(), e);
    } catch (TrustException e) {
      throw new TrustException(file + ": " + e.getMessage(), e);
    }
  }
}
