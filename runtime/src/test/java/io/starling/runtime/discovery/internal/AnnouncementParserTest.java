package io.starling.runtime.discovery.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.starling.runtime.discovery.Announcement;
import io.starling.runtime.discovery.internal.AnnouncementParser.Complete;
import io.starling.runtime.discovery.internal.AnnouncementParser.Incomplete;
import io.starling.runtime.discovery.internal.AnnouncementParser.Rejected;
import io.starling.runtime.discovery.internal.AnnouncementParser.Result;
import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AnnouncementParserTest {

  private static final String ID = "abcdefghijklmnopqrstuvwxyz";
  private static final List<InetAddress> ADDRESSES = List.of(address("169.254.0.2"));

  @Test
  void a_complete_resolution_becomes_an_announcement() {
    Result r = AnnouncementParser.parse("beta", txt("1", ID, "demo"), 5683, ADDRESSES, "eth0");

    assertThat(r).isInstanceOf(Complete.class);
    Announcement a = ((Complete) r).announcement();
    assertThat(a).isEqualTo(new Announcement("beta", ID, "demo", "1", 5683, ADDRESSES, "eth0"));
  }

  @Test
  void an_empty_txt_as_jmdns_first_reports_it_is_incomplete_not_rejected() {
    assertThat(AnnouncementParser.parse("beta", new byte[] {0}, 5683, ADDRESSES, "eth0"))
        .isInstanceOf(Incomplete.class);
    assertThat(AnnouncementParser.parse("beta", new byte[0], 5683, ADDRESSES, "eth0"))
        .isInstanceOf(Incomplete.class);
    assertThat(AnnouncementParser.parse("beta", null, 5683, ADDRESSES, "eth0"))
        .isInstanceOf(Incomplete.class);
  }

  @Test
  void a_missing_port_or_address_is_incomplete() {
    assertThat(AnnouncementParser.parse("beta", txt("1", ID, "demo"), 0, ADDRESSES, "eth0"))
        .isEqualTo(new Incomplete("no SRV port yet"));
    assertThat(AnnouncementParser.parse("beta", txt("1", ID, "demo"), 5683, List.of(), "eth0"))
        .isEqualTo(new Incomplete("no address yet"));
  }

  @Test
  void a_txt_without_starling_keys_is_another_coap_service_and_rejected() {
    byte[] foreign = TxtRecord.encode(Map.of("path", "/x"));

    Result r = AnnouncementParser.parse("printer", foreign, 5683, ADDRESSES, "eth0");

    assertThat(r).isInstanceOf(Rejected.class);
    assertThat(((Rejected) r).reason()).contains("lacks one of v, id, mesh");
  }

  @Test
  void missing_id_or_mesh_or_another_version_is_rejected() {
    Map<String, String> noId = new LinkedHashMap<>();
    noId.put("v", "1");
    noId.put("mesh", "demo");
    assertThat(AnnouncementParser.parse("b", TxtRecord.encode(noId), 1, ADDRESSES, "eth0"))
        .isInstanceOf(Rejected.class);
    assertThat(AnnouncementParser.parse("b", txt("2", ID, "demo"), 1, ADDRESSES, "eth0"))
        .isEqualTo(new Rejected("TXT v=2, this node speaks v=1"));
    assertThat(AnnouncementParser.parse("b", txt("1", "", "demo"), 1, ADDRESSES, "eth0"))
        .isInstanceOf(Rejected.class);
  }

  @Test
  void malformed_txt_bytes_are_rejected() {
    assertThat(AnnouncementParser.parse("b", new byte[] {9, 'v'}, 1, ADDRESSES, "eth0"))
        .isInstanceOf(Rejected.class);
  }

  static byte[] txt(String v, String id, String mesh) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("v", v);
    m.put("id", id);
    m.put("mesh", mesh);
    return TxtRecord.encode(m);
  }

  static InetAddress address(String literal) {
    try {
      return InetAddress.getByName(literal);
    } catch (java.net.UnknownHostException e) {
      throw new IllegalArgumentException(e);
    }
  }
}
