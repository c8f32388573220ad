package io.starling.runtime.discovery.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * DNS-SD TXT record data (RFC 6763 §6): a sequence of length-prefixed {@code key=value} strings.
 * Keys are printable US-ASCII without {@code =} and compare case-insensitively (§6.4); the first
 * occurrence of a key wins (§6.4); an empty record is one zero byte (§6.1).
 */
public final class TxtRecord {

  private TxtRecord() {}

  /**
   * Encodes {@code pairs} in iteration order.
   *
   * @throws IllegalArgumentException if a key is empty or not printable ASCII without '=', or an
   *     entry exceeds 255 bytes (RFC 6763 §6.1)
   */
  public static byte[] encode(Map<String, String> pairs) {
    if (pairs.isEmpty()) {
      return new byte[] {0}; // RFC 6763 §6.1: an empty TXT record holds a single zero byte
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Map.Entry<String, String> e : pairs.entrySet()) {
      String key = e.getKey();
      if (!validKey(key)) {
        throw new IllegalArgumentException(
            "TXT key '" + key + "' must be 1+ printable ASCII characters without '='");
      }
      byte[] entry = (key + "=" + e.getValue()).getBytes(StandardCharsets.UTF_8);
      if (entry.length > 255) {
        throw new IllegalArgumentException(
            "TXT entry '" + key + "' has " + entry.length + " bytes, the limit is 255");
      }
      out.write(entry.length);
      out.write(entry, 0, entry.length);
    }
    return out.toByteArray();
  }

  /**
   * Decodes TXT data into lower-cased keys and values. Keys without '=' are present with an empty
   * value (§6.4 boolean attributes). Returns empty if the data is malformed (a length running past
   * the end); {@code null} and zero-length data decode to an empty map.
   */
  public static Optional<Map<String, String>> decode(byte[] data) {
    if (data == null) {
      return Optional.of(Map.of());
    }
    Map<String, String> pairs = new LinkedHashMap<>();
    int i = 0;
    while (i < data.length) {
      int length = data[i] & 0xFF;
      i++;
      if (i + length > data.length) {
        return Optional.empty();
      }
      if (length > 0) {
        String entry = new String(data, i, length, StandardCharsets.UTF_8);
        int eq = entry.indexOf('=');
        String key = (eq < 0 ? entry : entry.substring(0, eq)).toLowerCase(Locale.ROOT);
        String value = eq < 0 ? "" : entry.substring(eq + 1);
        if (validKey(key)) {
          pairs.putIfAbsent(key, value); // §6.4: only the first occurrence counts
        }
      }
      i += length;
    }
    return Optional.of(Collections.unmodifiableMap(pairs));
  }

  private static boolean validKey(String key) {
    if (key.isEmpty()) {
      return false;
    }
    for (int k = 0; k < key.length(); k++) {
      char c = key.charAt(k);
      if (c < 0x20 || c > 0x7E || c == '=') {
        return false;
      }
    }
    return true;
  }
}
