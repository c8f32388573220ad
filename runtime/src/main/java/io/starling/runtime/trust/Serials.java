package io.starling.runtime.trust;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Locale;

/** Certificate serial numbers: random, positive, 128 bits (RFC 5280 §4.1.2.2 allows 20 octets). */
final class Serials {

  private Serials() {}

  /** A random positive serial of at most 128 bits. */
  static BigInteger random(SecureRandom random) {
    BigInteger serial;
    do {
      serial = new BigInteger(128, random);
    } while (serial.signum() == 0);
    return serial;
  }

  /** Lower-case hex, zero-padded to at least 32 digits. */
  static String hex(BigInteger serial) {
    String hex = serial.toString(16);
    return "0".repeat(Math.max(0, 32 - hex.length())) + hex;
  }

  /**
   * Parses hex as printed by Starling ({@code 3fa0...}) or OpenSSL ({@code 3f:a0:...}).
   *
   * @throws NumberFormatException if it is not hex
   */
  static BigInteger parseHex(String text) {
    String digits = text.replace(":", "").toLowerCase(Locale.ROOT);
    if (digits.isEmpty() || !digits.matches("[0-9a-f]+")) {
      throw new NumberFormatException("not hex");
    }
    return new BigInteger(digits, 16);
  }
}
