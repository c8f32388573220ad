package io.starling.runtime.wire.cose;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A tiny CBOR encoder producing the deterministic encoding of RFC 8949 §4.2.1: shortest integer
 * heads, definite lengths only, map keys sorted by the bytewise order of their encodings.
 *
 * <p>Why not Jackson's {@code CBORGenerator}: COSE needs exact bytes (the protected header is
 * signed as encoded) and integer map labels; a 100-line encoder whose every byte is visible is
 * easier to trust than configuring a streaming generator to the same result.
 *
 * <p>Values: {@link Long}/{@link Integer} (major types 0/1), {@code byte[]} (2), {@link String}
 * (3), {@link List} (4), {@link Map} (5), {@link Boolean} and {@code null} (7), {@link CborTag}
 * (6).
 */
final class CborWriter {

  private final ByteArrayOutputStream out;

  CborWriter(int sizeHint) {
    this.out = new ByteArrayOutputStream(sizeHint);
  }

  /** The encoding of one value. */
  static byte[] encode(Object value) {
    CborWriter w = new CborWriter(64);
    w.write(value);
    return w.toByteArray();
  }

  byte[] toByteArray() {
    return out.toByteArray();
  }

  void write(Object value) {
    if (value instanceof Long l) {
      writeInt(l);
    } else if (value instanceof Integer i) {
      writeInt(i);
    } else if (value instanceof byte[] b) {
      writeBytes(b);
    } else if (value instanceof String s) {
      byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
      head(3, utf8.length);
      out.writeBytes(utf8);
    } else if (value instanceof List<?> list) {
      head(4, list.size());
      for (Object item : list) {
        write(item);
      }
    } else if (value instanceof Map<?, ?> map) {
      writeMap(map);
    } else if (value instanceof Boolean b) {
      out.write(b ? 0xf5 : 0xf4);
    } else if (value == null) {
      out.write(0xf6);
    } else if (value instanceof CborTag t) {
      head(6, t.tag());
      write(t.content());
    } else {
      throw new IllegalArgumentException(
          "cannot encode " + value.getClass().getName() + " as CBOR");
    }
  }

  void writeInt(long v) {
    // RFC 8949 §3.1: major type 1 carries -1 - n.
    if (v >= 0) {
      head(0, v);
    } else {
      head(1, -1 - v);
    }
  }

  void writeBytes(byte[] b) {
    head(2, b.length);
    out.writeBytes(b);
  }

  void startArray(int size) {
    head(4, size);
  }

  private void writeMap(Map<?, ?> map) {
    // RFC 8949 §4.2.1: keys sorted by the bytewise lexicographic order of their encodings.
    byte[][] keys = new byte[map.size()][];
    byte[][] entries = new byte[map.size()][];
    int i = 0;
    for (Map.Entry<?, ?> e : map.entrySet()) {
      keys[i] = encode(e.getKey());
      entries[i] = encode(e.getValue());
      i++;
    }
    Integer[] order = new Integer[keys.length];
    for (int k = 0; k < order.length; k++) {
      order[k] = k;
    }
    Arrays.sort(order, (a, b) -> Arrays.compareUnsigned(keys[a], keys[b]));
    head(5, map.size());
    for (int k : order) {
      out.writeBytes(keys[k]);
      out.writeBytes(entries[k]);
    }
  }

  /** RFC 8949 §3: initial byte and the shortest argument. */
  private void head(int major, long arg) {
    int mt = major << 5;
    if (arg < 24) {
      out.write(mt | (int) arg);
    } else if (arg < 0x100) {
      out.write(mt | 24);
      out.write((int) arg);
    } else if (arg < 0x10000) {
      out.write(mt | 25);
      writeBigEndian(arg, 2);
    } else if (arg < 0x1_0000_0000L) {
      out.write(mt | 26);
      writeBigEndian(arg, 4);
    } else {
      out.write(mt | 27);
      writeBigEndian(arg, 8);
    }
  }

  private void writeBigEndian(long v, int bytes) {
    for (int shift = (bytes - 1) * 8; shift >= 0; shift -= 8) {
      out.write((int) (v >>> shift) & 0xff);
    }
  }
}
