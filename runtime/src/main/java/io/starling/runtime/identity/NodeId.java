package io.starling.runtime.identity;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Pattern;
import org.bouncycastle.util.encoders.Base32;

/**
 * A node's identifier: the first 16 bytes of SHA-256 over its raw 32-byte Ed25519 public key (RFC
 * 8032 §5.1.5 encoding), printed as lower-case RFC 4648 base32 without padding: 26 characters from
 * {@code a-z2-7}. Stable for as long as the key is; see {@code docs/PROTOCOL.md}.
 */
public final class NodeId implements Comparable<NodeId> {

  /** Bytes of SHA-256 kept. 128 bits: collisions are not a concern for meshes of any size. */
  public static final int LENGTH = 16;

  private static final Pattern TEXT = Pattern.compile("[a-z2-7]{26}");

  private final byte[] bytes;
  private final String text;

  private NodeId(byte[] bytes) {
    this.bytes = bytes;
    this.text = encode(bytes);
  }

  /** The id of a raw 32-byte Ed25519 public key. */
  public static NodeId fromPublicKey(byte[] rawPublicKey) {
    if (rawPublicKey.length != 32) {
      throw new IllegalArgumentException(
          "an Ed25519 public key has 32 bytes, got " + rawPublicKey.length);
    }
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(rawPublicKey);
      return new NodeId(Arrays.copyOf(digest, LENGTH));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java platform", e);
    }
  }

  /** The id from its 16 raw bytes (as carried in a COSE {@code kid}). */
  public static NodeId fromBytes(byte[] bytes) {
    if (bytes.length != LENGTH) {
      throw new IllegalArgumentException("a node id has " + LENGTH + " bytes, got " + bytes.length);
    }
    return new NodeId(bytes.clone());
  }

  /**
   * Parses the printed form.
   *
   * @throws IllegalArgumentException if it is not 26 characters of lower-case base32
   */
  public static NodeId parse(String text) {
    if (!TEXT.matcher(text).matches()) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a node id (26 characters of lower-case base32, a-z and 2-7)");
    }
    byte[] decoded =
        Base32.decode(
            (text.toUpperCase(Locale.ROOT) + "======").getBytes(StandardCharsets.US_ASCII));
    return new NodeId(decoded);
  }

  private static String encode(byte[] bytes) {
    String padded = Base32.toBase32String(bytes);
    return padded.replace("=", "").toLowerCase(Locale.ROOT);
  }

  /** The 16 raw bytes. */
  public byte[] bytes() {
    return bytes.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof NodeId other && Arrays.equals(bytes, other.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public int compareTo(NodeId o) {
    return Arrays.compareUnsigned(bytes, o.bytes);
  }

  /** The printed form: 26 characters of lower-case base32. */
  @Override
  public String toString() {
    return text;
  }
}
