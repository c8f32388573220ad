package io.starling.runtime.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DiscoverySettingsTest {

  @Test
  void presets_are_valid_and_lan_follows_all_interfaces_with_ipv6() {
    DiscoverySettings lan = DiscoverySettings.lan();
    assertThat(lan.interfaces()).isEmpty();
    assertThat(lan.ipv6()).isTrue();
    assertThat(lan.interfacePollInterval()).isEqualTo(Duration.ofSeconds(1));

    DiscoverySettings test = DiscoverySettings.test();
    assertThat(test.ipv6()).isFalse();
    assertThat(test.interfacePollInterval()).isLessThan(lan.interfacePollInterval());
  }

  @Test
  void rejects_a_poll_interval_below_100ms_naming_field_value_and_range() {
    assertThatThrownBy(
            () ->
                new DiscoverySettings(
                    List.of(),
                    Duration.ofMillis(50),
                    true,
                    Duration.ofMillis(250),
                    8,
                    Duration.ofSeconds(3)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("discovery: interfacePollInterval 50ms is not in 100ms..600000ms");
  }

  @Test
  void rejects_out_of_range_attempts_retry_and_close_timeout() {
    DiscoverySettings ok = DiscoverySettings.lan();
    assertThatThrownBy(
            () ->
                new DiscoverySettings(
                    List.of(),
                    ok.interfacePollInterval(),
                    true,
                    ok.resolveRetryInterval(),
                    0,
                    ok.closeTimeout()))
        .hasMessageContaining("resolveAttempts 0 is not in 1..100");
    assertThatThrownBy(
            () ->
                new DiscoverySettings(
                    List.of(),
                    ok.interfacePollInterval(),
                    true,
                    Duration.ofMillis(5),
                    8,
                    ok.closeTimeout()))
        .hasMessageContaining("resolveRetryInterval 5ms");
    assertThatThrownBy(
            () ->
                new DiscoverySettings(
                    List.of(),
                    ok.interfacePollInterval(),
                    true,
                    ok.resolveRetryInterval(),
                    8,
                    Duration.ofSeconds(-1)))
        .hasMessageContaining("closeTimeout -1000ms");
  }

  @Test
  void rejects_blank_interface_names_and_copies_the_list() {
    assertThatThrownBy(() -> DiscoverySettings.lan().withInterfaces(List.of("eth0", " ")))
        .hasMessageContaining("blank");

    List<String> names = new ArrayList<>(List.of("eth0"));
    DiscoverySettings s = DiscoverySettings.lan().withInterfaces(names);
    names.add("wlan0");
    assertThat(s.interfaces()).containsExactly("eth0");
    assertThat(s.withIpv6(false).ipv6()).isFalse();
  }

  @Test
  void local_service_validates_name_length_and_port() {
    String id = "abcdefghijklmnopqrstuvwxyz";
    assertThatThrownBy(() -> new LocalService("x".repeat(64), id, "m", 5683))
        .hasMessageContaining("has 64 bytes; a DNS-SD instance name has 1 to 63");
    assertThatThrownBy(() -> new LocalService("a\nb", id, "m", 5683))
        .hasMessageContaining("control character");
    assertThatThrownBy(() -> new LocalService("a", id, "m", 0))
        .hasMessageContaining("port 0 is not in 1..65535");
    assertThat(new LocalService("greenhouse-1", id, "m", 5683).port()).isEqualTo(5683);
  }
}
