package io.starling.runtime.wire.cose;

import java.util.Map;

/**
 * Reads COSE_Sign1 messages (RFC 9052 §4.2), tagged (tag 18) or untagged, from untrusted bytes.
 * Never throws on bad input: the result is {@link Decoded} or {@link Malformed} with a reason the
 * caller counts and logs at debug level. Decoding does not verify the signature.
 */
public final class CoseSign1Decoder {

  /** Default largest message accepted: 64 KiB. */
  public static final int DEFAULT_MAX_MESSAGE_BYTES = 64 * 1024;

  private final int maxMessageBytes;

  /** A decoder accepting messages of up to {@code maxMessageBytes}. */
  public CoseSign1Decoder(int maxMessageBytes) {
    if (maxMessageBytes < 16) {
      throw new IllegalArgumentException(
          "maxMessageBytes " + maxMessageBytes + " is below the minimum 16");
    }
    this.maxMessageBytes = maxMessageBytes;
  }

  /** A decoder with the default limit of 64 KiB. */
  public CoseSign1Decoder() {
    this(DEFAULT_MAX_MESSAGE_BYTES);
  }

  /** The outcome of decoding. */
  public sealed interface Result permits Decoded, Malformed {}

  /** A well-formed COSE_Sign1 (signature not yet verified). */
  public record Decoded(CoseSign1 message) implements Result {}

  /** Not a COSE_Sign1 Starling accepts; {@code reason} says why. */
  public record Malformed(String reason) implements Result {}

  /** Decodes {@code message}. */
  public Result decode(byte[] message) {
    if (message == null || message.length == 0) {
      return new Malformed("empty message");
    }
    if (message.length > maxMessageBytes) {
      return new Malformed(
          "message of " + message.length + " bytes exceeds the limit of " + maxMessageBytes);
    }
    try {
      return new Decoded(read(message));
    } catch (CborException e) {
      return new Malformed(e.getMessage());
    }
  }

  private static CoseSign1 read(byte[] message) throws CborException {
    CborReader r = new CborReader(message);
    long tag = r.readOptionalTag();
    if (tag != -1 && tag != CoseSign1.TAG) {
      throw new CborException("tag " + tag + " is not COSE_Sign1 (" + CoseSign1.TAG + ")");
    }
    int n = r.readArrayHead("COSE_Sign1");
    if (n != 4) {
      throw new CborException("COSE_Sign1 must be an array of 4, got " + n);
    }
    byte[] protectedBytes = r.readBytes("protected header");
    Object unprotected = r.read();
    if (!(unprotected instanceof Map<?, ?> unprotectedMap)) {
      throw new CborException(
          "unprotected header must be a map, got " + CborReader.describe(unprotected));
    }
    Object payload = r.read();
    if (payload == null) {
      throw new CborException("detached payload (nil) is not supported");
    }
    if (!(payload instanceof byte[] payloadBytes)) {
      throw new CborException("payload must be a byte string, got " + CborReader.describe(payload));
    }
    byte[] signature = r.readBytes("signature");
    if (!r.atEnd()) {
      throw new CborException(
          (message.length - r.position()) + " trailing bytes after the COSE_Sign1");
    }
    CoseHeaders prot = protectedHeaders(protectedBytes);
    CoseHeaders unprot = CoseHeaders.fromCbor(unprotectedMap, "unprotected");
    for (Object label : unprot.labels()) {
      if (prot.labels().contains(label)) {
        throw new CborException(
            "header " + label + " is in both the protected and unprotected header (RFC 9052 §3)");
      }
    }
    return new CoseSign1(protectedBytes, prot, unprot, payloadBytes, signature);
  }

  private static CoseHeaders protectedHeaders(byte[] bytes) throws CborException {
    if (bytes.length == 0) {
      return CoseHeaders.empty(); // RFC 9052 §3: zero-length bstr is the empty map
    }
    CborReader r = new CborReader(bytes);
    Object map = r.read();
    if (!(map instanceof Map<?, ?> m)) {
      throw new CborException(
          "protected header must encode a map, got " + CborReader.describe(map));
    }
    if (!r.atEnd()) {
      throw new CborException("trailing bytes in the protected header");
    }
    return CoseHeaders.fromCbor(m, "protected");
  }
}
