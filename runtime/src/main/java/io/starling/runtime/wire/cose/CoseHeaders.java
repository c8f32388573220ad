package io.starling.runtime.wire.cose;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * An immutable COSE header map (RFC 9052 §3): labels are integers ({@link Long}) or text strings;
 * values are CBOR values as {@link CborWriter} takes them. Built with {@link #builder()}.
 *
 * <p>Labels used by Starling, with their registry entries:
 *
 * <ul>
 *   <li>{@link #ALG} 1 — algorithm (RFC 9052 §3.1); Starling uses {@link #ALG_EDDSA} -8.
 *   <li>{@link #CONTENT_TYPE} 3 — the payload's CoAP Content-Format as uint (RFC 9052 §3.1).
 *   <li>{@link #KID} 4 — key identifier (RFC 9052 §3.1); Starling puts the 16-byte node id here.
 *   <li>{@link #X5CHAIN} 33 — the signer's certificate chain, a bstr if one certificate (RFC 9360
 *       §2).
 *   <li>{@link #STARLING_SEQ} -65537 and {@link #STARLING_TIME} -65538 — private-use labels (RFC
 *       9052 §16.2: integers less than -65536), see {@code StarlingEnvelope}.
 * </ul>
 */
public final class CoseHeaders {

  /** RFC 9052 §3.1 {@code alg}. */
  public static final long ALG = 1;

  /** RFC 9052 §3.1 {@code crit}. */
  public static final long CRIT = 2;

  /** RFC 9052 §3.1 {@code content type}. */
  public static final long CONTENT_TYPE = 3;

  /** RFC 9052 §3.1 {@code kid}. */
  public static final long KID = 4;

  /** RFC 9360 §2 {@code x5chain}. */
  public static final long X5CHAIN = 33;

  /** Starling's per-origin sequence number (private use, RFC 9052 §16.2). */
  public static final long STARLING_SEQ = -65537;

  /** Starling's origin time, milliseconds since the Unix epoch (private use, RFC 9052 §16.2). */
  public static final long STARLING_TIME = -65538;

  /** RFC 9053 §2.2: EdDSA. */
  public static final long ALG_EDDSA = -8;

  private static final CoseHeaders EMPTY = new CoseHeaders(Map.of());

  private final Map<Object, Object> map;

  private CoseHeaders(Map<Object, Object> map) {
    this.map = Collections.unmodifiableMap(map);
  }

  /** No headers. */
  public static CoseHeaders empty() {
    return EMPTY;
  }

  /** A builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Headers read from a decoded CBOR map; labels must be integers or text. */
  static CoseHeaders fromCbor(Map<?, ?> decoded, String where) throws CborException {
    Map<Object, Object> copy = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : decoded.entrySet()) {
      if (!(e.getKey() instanceof Long) && !(e.getKey() instanceof String)) {
        throw new CborException(
            where + " header label " + e.getKey() + " is neither an integer nor text");
      }
      copy.put(e.getKey(), e.getValue());
    }
    return new CoseHeaders(copy);
  }

  /** A copy with {@code label} set to {@code value} (a Long, byte[] or String). */
  CoseHeaders with(long label, Object value) {
    Map<Object, Object> copy = new LinkedHashMap<>();
    copy.put(label, value);
    map.forEach(copy::putIfAbsent);
    return new CoseHeaders(copy);
  }

  /** The labels present. */
  public Set<Object> labels() {
    return map.keySet();
  }

  /** Whether the header is present. */
  public boolean has(long label) {
    return map.containsKey(label);
  }

  /** The raw value of a header. */
  public Optional<Object> get(long label) {
    return Optional.ofNullable(map.get(label));
  }

  /** An integer header, if present and an integer. */
  public Optional<Long> integer(long label) {
    return map.get(label) instanceof Long l ? Optional.of(l) : Optional.empty();
  }

  /** A byte-string header (a copy), if present and a byte string. */
  public Optional<byte[]> bytes(long label) {
    return map.get(label) instanceof byte[] b ? Optional.of(b.clone()) : Optional.empty();
  }

  /** The map, as {@link CborWriter} encodes it. */
  Map<Object, Object> asMap() {
    return map;
  }

  /** Whether there are no headers. */
  public boolean isEmpty() {
    return map.isEmpty();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CoseHeaders h
        && Arrays.equals(CborWriter.encode(map), CborWriter.encode(h.map));
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(CborWriter.encode(map));
  }

  @Override
  public String toString() {
    StringBuilder s = new StringBuilder("{");
    for (Map.Entry<Object, Object> e : map.entrySet()) {
      if (s.length() > 1) {
        s.append(", ");
      }
      s.append(e.getKey()).append(": ");
      s.append(e.getValue() instanceof byte[] b ? "h'" + CoseHex.of(b) + "'" : e.getValue());
    }
    return s.append('}').toString();
  }

  /** Builds a header map; later puts of a label replace earlier ones. */
  public static final class Builder {
    private final Map<Object, Object> map = new LinkedHashMap<>();

    private Builder() {}

    /** An integer-valued header. */
    public Builder put(long label, long value) {
      map.put(label, value);
      return this;
    }

    /** A byte-string-valued header. */
    public Builder put(long label, byte[] value) {
      map.put(label, value.clone());
      return this;
    }

    /** A text-valued header. */
    public Builder put(long label, String value) {
      map.put(label, value);
      return this;
    }

    /** The headers. */
    public CoseHeaders build() {
      return map.isEmpty() ? EMPTY : new CoseHeaders(new LinkedHashMap<>(map));
    }
  }
}
