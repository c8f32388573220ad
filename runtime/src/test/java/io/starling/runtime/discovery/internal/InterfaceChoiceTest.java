package io.starling.runtime.discovery.internal;

import static io.starling.runtime.discovery.internal.AnnouncementParserTest.address;
import static org.assertj.core.api.Assertions.assertThat;

import io.starling.runtime.discovery.internal.InterfaceChoice.Binding;
import io.starling.runtime.discovery.internal.InterfaceChoice.Nic;
import java.util.List;
import org.junit.jupiter.api.Test;

class InterfaceChoiceTest {

  private static final Nic LO =
      new Nic("lo", true, true, false, List.of(address("127.0.0.1"), address("::1")));
  private static final Nic ETH0 =
      new Nic(
          "eth0",
          true,
          false,
          true,
          List.of(address("2001:db8::5"), address("fe80::1"), address("169.254.0.1")));
  private static final Nic WLAN0 =
      new Nic("wlan0", true, false, true, List.of(address("192.168.1.20")));
  private static final Nic DOWN = new Nic("eth1", false, false, true, List.of(address("10.0.0.1")));
  private static final Nic NO_MULTICAST =
      new Nic("tun0", true, false, false, List.of(address("10.8.0.2")));
  private static final Nic NO_ADDRESS = new Nic("eth2", true, false, true, List.of());

  private static final List<Nic> ALL = List.of(LO, ETH0, WLAN0, DOWN, NO_MULTICAST, NO_ADDRESS);

  @Test
  void by_default_takes_every_up_multicast_non_loopback_interface_ipv4_only() {
    assertThat(InterfaceChoice.choose(ALL, List.of(), false))
        .containsExactly(
            new Binding("eth0", address("169.254.0.1")),
            new Binding("wlan0", address("192.168.1.20")));
  }

  @Test
  void with_ipv6_adds_the_link_local_address_never_a_global_one() {
    assertThat(InterfaceChoice.choose(List.of(ETH0), List.of(), true))
        .containsExactly(
            new Binding("eth0", address("169.254.0.1")), new Binding("eth0", address("fe80::1")));
  }

  @Test
  void named_interfaces_limit_the_choice_and_may_lack_the_multicast_flag_but_not_be_down() {
    assertThat(InterfaceChoice.choose(ALL, List.of("tun0", "eth1", "wlan0"), false))
        .containsExactly( // in the system's interface order, not the order named
            new Binding("wlan0", address("192.168.1.20")),
            new Binding("tun0", address("10.8.0.2")));
  }

  @Test
  void an_interface_that_disappears_or_loses_its_address_is_no_longer_chosen() {
    assertThat(InterfaceChoice.choose(List.of(LO, NO_ADDRESS), List.of(), true)).isEmpty();
  }

  @Test
  void a_binding_key_names_interface_and_address() {
    assertThat(new Binding("eth0", address("169.254.0.1")).key()).isEqualTo("eth0/169.254.0.1");
  }
}
