package io.starling.runtime.discovery.internal;

import io.starling.runtime.discovery.Announcement;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns what mDNS resolved about one service instance into an {@link Announcement}, or says why it
 * cannot yet (incomplete: ask again) or ever (malformed or foreign: drop and count).
 */
public final class AnnouncementParser {

  private AnnouncementParser() {}

  /** The outcome of parsing one resolution. */
  public sealed interface Result permits Complete, Incomplete, Rejected {}

  /** Everything needed is present and valid. */
  public record Complete(Announcement announcement) implements Result {}

  /**
   * Something is still missing (no TXT yet, no port, no address): typical of jmDNS's first
   * serviceResolved. Worth asking again.
   */
  public record Incomplete(String reason) implements Result {}

  /** Present but unusable (malformed TXT, unknown version): not a peer we can talk to. */
  public record Rejected(String reason) implements Result {}

  /**
   * Parses one resolution.
   *
   * @param instanceName the DNS-SD instance name
   * @param txt raw TXT data as received, or null if none arrived
   * @param port SRV port, 0 if no SRV arrived
   * @param addresses A/AAAA addresses known for the SRV target
   * @param interfaceName the interface it arrived on
   */
  public static Result parse(
      String instanceName,
      byte[] txt,
      int port,
      List<InetAddress> addresses,
      String interfaceName) {
    Optional<Map<String, String>> decoded = TxtRecord.decode(txt);
    if (decoded.isEmpty()) {
      return new Rejected("malformed TXT data (a length runs past the end)");
    }
    Map<String, String> pairs = decoded.get();
    if (pairs.isEmpty()) {
      return new Incomplete("no TXT yet");
    }
    String version = pairs.get(DnsSd.KEY_VERSION);
    String id = pairs.get(DnsSd.KEY_ID);
    String mesh = pairs.get(DnsSd.KEY_MESH);
    if (version == null || id == null || mesh == null) {
      return new Rejected("TXT " + pairs.keySet() + " lacks one of v, id, mesh");
    }
    if (!DnsSd.VERSION.equals(version)) {
      return new Rejected("TXT v=" + version + ", this node speaks v=" + DnsSd.VERSION);
    }
    if (id.isEmpty() || mesh.isEmpty()) {
      return new Rejected("TXT id or mesh is empty");
    }
    if (port <= 0 || port > 65535) {
      return new Incomplete("no SRV port yet");
    }
    if (addresses.isEmpty()) {
      return new Incomplete("no address yet");
    }
    return new Complete(
        new Announcement(instanceName, id, mesh, version, port, addresses, interfaceName));
  }
}
