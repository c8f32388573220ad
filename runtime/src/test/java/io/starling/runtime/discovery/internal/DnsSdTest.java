package io.starling.runtime.discovery.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.starling.runtime.discovery.LocalService;
import org.junit.jupiter.api.Test;

class DnsSdTest {

  private static final String ID = "q3bwz5kx2abcdefghijklmnopq";

  @Test
  void the_host_label_is_the_node_name_plus_an_id_prefix_in_dns_letters() {
    assertThat(DnsSd.hostLabel(new LocalService("Greenhouse 1", ID, "m", 5683)))
        .isEqualTo("greenhouse-1-q3bwz5");
    assertThat(DnsSd.hostLabel(new LocalService("Küche.Sensor", ID, "m", 5683)))
        .isEqualTo("k-che-sensor-q3bwz5");
  }

  @Test
  void the_host_label_fits_one_dns_label() {
    String label = DnsSd.hostLabel(new LocalService("n".repeat(63), ID, "m", 5683));

    assertThat(label).hasSize(63).endsWith("-q3bwz5");
  }

  @Test
  void the_txt_carries_version_id_and_mesh() {
    assertThat(DnsSd.txtOf(new LocalService("a", ID, "greenhouse", 5683)))
        .containsExactly(
            java.util.Map.entry("v", "1"),
            java.util.Map.entry("id", ID),
            java.util.Map.entry("mesh", "greenhouse"));
    assertThat(DnsSd.BROWSE_TYPE).isEqualTo("_starling._sub._coap._udp.local.");
  }
}
