package io.starling.runtime.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class InterfaceNamesTest {

  @Test
  void matches_addresses_by_prefix() throws Exception {
    InetAddress local = InetAddress.getByName("169.254.1.3");

    assertThat(InterfaceNames.sameSubnet(local, InetAddress.getByName("169.254.1.200"), 24))
        .isTrue();
    assertThat(InterfaceNames.sameSubnet(local, InetAddress.getByName("169.254.2.1"), 24))
        .isFalse();
    assertThat(InterfaceNames.sameSubnet(local, InetAddress.getByName("169.254.2.1"), 16)).isTrue();
    assertThat(InterfaceNames.sameSubnet(local, InetAddress.getByName("169.254.1.130"), 25))
        .isFalse();
    assertThat(InterfaceNames.sameSubnet(local, InetAddress.getByName("::1"), 24)).isFalse();
  }

  @Test
  void finds_the_loopback_interface_for_a_loopback_peer() throws Exception {
    assertThat(InterfaceNames.of(InetAddress.getByName("127.0.0.1"))).contains("lo");
  }
}
