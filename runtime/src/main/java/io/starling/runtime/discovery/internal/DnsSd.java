package io.starling.runtime.discovery.internal;

import io.starling.runtime.discovery.LocalService;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** Starling's DNS-SD names and TXT keys (see docs/PROTOCOL.md, Discovery). */
public final class DnsSd {

  /** The CoAP service type (RFC 7252 §12.8, RFC 6763 §7). */
  public static final String SERVICE_TYPE = "_coap._udp.local.";

  /** The subtype label that marks a Starling node (RFC 6763 §7.1), without {@code ._sub}. */
  public static final String SUBTYPE = "_starling";

  /** What a browser asks for: {@code _starling._sub._coap._udp.local.}. */
  public static final String BROWSE_TYPE = SUBTYPE + "._sub." + SERVICE_TYPE;

  /** The discovery protocol version this code announces. */
  public static final String VERSION = "1";

  /** TXT key: protocol version. */
  public static final String KEY_VERSION = "v";

  /** TXT key: printed node id. */
  public static final String KEY_ID = "id";

  /** TXT key: mesh name. */
  public static final String KEY_MESH = "mesh";

  private DnsSd() {}

  /** The TXT pairs this node announces, in a fixed order. */
  public static Map<String, String> txtOf(LocalService self) {
    Map<String, String> txt = new LinkedHashMap<>();
    txt.put(KEY_VERSION, VERSION);
    txt.put(KEY_ID, self.nodeId());
    txt.put(KEY_MESH, self.mesh());
    return txt;
  }

  /**
   * The mDNS host name label for this node: {@code <node>-<first 6 characters of id>}, lower case,
   * with everything but letters, digits and '-' replaced by '-', at most 63 bytes (RFC 1035
   * §2.3.4). The id suffix keeps two nodes with one name from colliding on their host records.
   */
  public static String hostLabel(LocalService self) {
    String node = self.nodeName().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
    String id = self.nodeId().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    String suffix = "-" + id.substring(0, Math.min(6, id.length()));
    int max = 63 - suffix.length();
    if (node.length() > max) {
      node = node.substring(0, max);
    }
    String label = (node + suffix).replaceAll("-+", "-").replaceAll("^-", "");
    return label.isEmpty() ? "starling" + suffix : label;
  }
}
