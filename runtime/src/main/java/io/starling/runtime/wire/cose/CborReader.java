package io.starling.runtime.wire.cose;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A strict, bounded CBOR decoder (RFC 8949) for untrusted input. Every declared length is checked
 * against the bytes that remain before anything is allocated; nesting is limited; indefinite
 * lengths, duplicate map keys, unsigned integers above {@link Long#MAX_VALUE} and invalid UTF-8 are
 * refused with a {@link CborException} naming the offset. Floats are read as {@link Double}.
 *
 * <p>Produces the values {@link CborWriter} accepts: {@link Long}, {@code byte[]}, {@link String},
 * {@link List}, {@link Map} (keys in input order), {@link Boolean}, {@code null}, {@link CborTag}.
 */
final class CborReader {

  /** Containers nested deeper than this are refused. COSE headers need 3. */
  static final int MAX_DEPTH = 16;

  private final byte[] in;
  private int pos;

  CborReader(byte[] in) {
    this.in = in;
  }

  int position() {
    return pos;
  }

  boolean atEnd() {
    return pos == in.length;
  }

  /** Reads one data item. */
  Object read() throws CborException {
    return read(0);
  }

  /** Reads a byte string and returns it. */
  byte[] readBytes(String what) throws CborException {
    Object v = read();
    if (v instanceof byte[] b) {
      return b;
    }
    throw new CborException(what + " must be a byte string, got " + describe(v));
  }

  /** Reads the head of an array and returns its length. */
  int readArrayHead(String what) throws CborException {
    int start = pos;
    int ib = next();
    if (ib >>> 5 != 4 || (ib & 0x1f) == 31) {
      pos = start;
      throw new CborException(what + " must be a definite-length array at offset " + start);
    }
    return checkedCount(argument(ib & 0x1f), 1);
  }

  /** Reads an optional tag; returns the tag number or -1 if the next item is untagged. */
  long readOptionalTag() throws CborException {
    if (pos < in.length && (in[pos] & 0xff) >>> 5 == 6) {
      int ib = next();
      return argument(ib & 0x1f);
    }
    return -1;
  }

  private Object read(int depth) throws CborException {
    if (depth > MAX_DEPTH) {
      throw new CborException("nesting deeper than " + MAX_DEPTH + " at offset " + pos);
    }
    int start = pos;
    int ib = next();
    int major = ib >>> 5;
    int info = ib & 0x1f;
    if (info == 31) {
      throw new CborException("indefinite length at offset " + start + " is not accepted");
    }
    if (major == 7) {
      return simple(info, start);
    }
    long arg = argument(info);
    switch (major) {
      case 0:
        return nonNegative(arg, start);
      case 1:
        return -1 - nonNegative(arg, start);
      case 2:
        return take(checkedCount(arg, 1));
      case 3:
        return utf8(take(checkedCount(arg, 1)), start);
      case 4:
        {
          int n = checkedCount(arg, 1);
          List<Object> list = new ArrayList<>(n);
          for (int i = 0; i < n; i++) {
            list.add(read(depth + 1));
          }
          return list;
        }
      case 5:
        {
          int n = checkedCount(arg, 2);
          Map<Object, Object> map = new LinkedHashMap<>();
          for (int i = 0; i < n; i++) {
            int keyAt = pos;
            Object key = keyOf(read(depth + 1));
            if (map.containsKey(key)) {
              throw new CborException("duplicate map key " + key + " at offset " + keyAt);
            }
            map.put(key, read(depth + 1));
          }
          return map;
        }
      default: // 6
        return new CborTag(arg, read(depth + 1));
    }
  }

  private static Object keyOf(Object key) {
    // byte[] has identity equality; compare byte-string keys by content.
    return key instanceof byte[] b ? new BytesKey(b) : key;
  }

  /** A byte-string map key with value equality. */
  record BytesKey(byte[] bytes) {
    @Override
    public boolean equals(Object o) {
      return o instanceof BytesKey k && Arrays.equals(bytes, k.bytes);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
      return "h'" + CoseHex.of(bytes) + "'";
    }
  }

  private Object simple(int info, int start) throws CborException {
    switch (info) {
      case 20:
        return Boolean.FALSE;
      case 21:
        return Boolean.TRUE;
      case 22:
      case 23:
        return null;
      case 25:
        return (double) Float.float16ToFloat((short) readBigEndian(2));
      case 26:
        return (double) Float.intBitsToFloat((int) readBigEndian(4));
      case 27:
        return Double.longBitsToDouble(readBigEndian(8));
      default:
        throw new CborException("unsupported simple value " + info + " at offset " + start);
    }
  }

  private long nonNegative(long arg, int start) throws CborException {
    if (arg < 0) {
      throw new CborException("integer at offset " + start + " exceeds 2^63-1");
    }
    return arg;
  }

  private int checkedCount(long declared, int minBytesEach) throws CborException {
    long remaining = in.length - pos;
    if (declared < 0 || declared > remaining / minBytesEach) {
      throw new CborException(
          "declared length "
              + Long.toUnsignedString(declared)
              + " at offset "
              + pos
              + " exceeds the "
              + remaining
              + " bytes left");
    }
    return (int) declared;
  }

  private long argument(int info) throws CborException {
    if (info < 24) {
      return info;
    }
    switch (info) {
      case 24:
        return readBigEndian(1);
      case 25:
        return readBigEndian(2);
      case 26:
        return readBigEndian(4);
      case 27:
        return readBigEndian(8);
      default:
        throw new CborException("reserved additional information " + info + " at offset " + pos);
    }
  }

  private long readBigEndian(int n) throws CborException {
    byte[] b = take(n);
    long v = 0;
    for (byte x : b) {
      v = (v << 8) | (x & 0xff);
    }
    return v;
  }

  private int next() throws CborException {
    if (pos >= in.length) {
      throw new CborException("truncated: needed 1 more byte at offset " + pos);
    }
    return in[pos++] & 0xff;
  }

  private byte[] take(int n) throws CborException {
    if (n > in.length - pos) {
      throw new CborException(
          "truncated: needed "
              + n
              + " bytes at offset "
              + pos
              + ", "
              + (in.length - pos)
              + " left");
    }
    byte[] b = Arrays.copyOfRange(in, pos, pos + n);
    pos += n;
    return b;
  }

  private static String utf8(byte[] b, int start) throws CborException {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(b))
          .toString();
    } catch (CharacterCodingException e) {
      throw new CborException("text string at offset " + start + " is not valid UTF-8");
    }
  }

  static String describe(Object v) {
    if (v == null) {
      return "null";
    }
    if (v instanceof byte[]) {
      return "a byte string";
    }
    if (v instanceof Long) {
      return "an integer";
    }
    if (v instanceof String) {
      return "a text string";
    }
    if (v instanceof List) {
      return "an array";
    }
    if (v instanceof Map) {
      return "a map";
    }
    if (v instanceof CborTag t) {
      return "tag " + t.tag();
    }
    return v.getClass().getSimpleName();
  }
}
