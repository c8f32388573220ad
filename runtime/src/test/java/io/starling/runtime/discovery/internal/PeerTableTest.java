package io.starling.runtime.discovery.internal;

import static io.starling.runtime.discovery.internal.AnnouncementParserTest.address;
import static org.assertj.core.api.Assertions.assertThat;

import io.starling.runtime.discovery.Announcement;
import io.starling.runtime.discovery.DiscoveryListener;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PeerTableTest {

  private static final String ID = "abcdefghijklmnopqrstuvwxyz";

  private final PeerTable table = new PeerTable();
  private final List<String> events = new ArrayList<>();

  private final DiscoveryListener recorder =
      new DiscoveryListener() {
        @Override
        public void found(Announcement a) {
          events.add("found " + a.instanceName() + " " + a.port());
        }

        @Override
        public void lost(Announcement a) {
          events.add("lost " + a.instanceName());
        }
      };

  private static Announcement beta(int port) {
    return new Announcement("beta", ID, "demo", "1", port, List.of(address("169.254.0.2")), "eth0");
  }

  @Test
  void the_same_peer_seen_over_ipv4_and_ipv6_is_found_once_and_lost_when_both_lose_it() {
    table.addListener(recorder);

    table.found("eth0/169.254.0.1", "beta", beta(5683));
    table.found("eth0/fe80::1", "beta", beta(5683));
    table.lost("eth0/169.254.0.1", "eth0", "beta");
    assertThat(events).containsExactly("found beta 5683");

    table.lost("eth0/fe80::1", "eth0", "beta");
    assertThat(events).containsExactly("found beta 5683", "lost beta");
  }

  @Test
  void addresses_from_ipv4_and_ipv6_are_united_ipv4_first_and_shrink_when_one_link_loses_it() {
    List<Announcement> found = new ArrayList<>();
    table.addListener(
        new DiscoveryListener() {
          @Override
          public void found(Announcement a) {
            found.add(a);
          }

          @Override
          public void lost(Announcement a) {
            events.add("lost " + a.instanceName());
          }
        });
    Announcement overV6 =
        new Announcement("beta", ID, "demo", "1", 5683, List.of(address("fe80::2")), "eth0");

    table.found("eth0/fe80::1", "beta", overV6);
    table.found("eth0/169.254.0.1", "beta", beta(5683));
    table.lost("eth0/fe80::1", "eth0", "beta");

    assertThat(found)
        .extracting(Announcement::addresses)
        .containsExactly(
            List.of(address("fe80::2")),
            List.of(address("169.254.0.2"), address("fe80::2")),
            List.of(address("169.254.0.2")));
    assertThat(events).isEmpty();
  }

  @Test
  void a_changed_announcement_is_reported_again() {
    table.addListener(recorder);

    table.found("eth0/169.254.0.1", "beta", beta(5683));
    table.found("eth0/169.254.0.1", "beta", beta(5684));

    assertThat(events).containsExactly("found beta 5683", "found beta 5684");
  }

  @Test
  void a_late_listener_hears_peers_already_found_and_a_closed_link_loses_its_peers() {
    table.found("eth0/169.254.0.1", "beta", beta(5683));
    table.addListener(recorder);
    assertThat(events).containsExactly("found beta 5683");

    table.linkClosed("eth0/169.254.0.1");
    assertThat(events).containsExactly("found beta 5683", "lost beta");
  }

  @Test
  void losing_an_unknown_peer_is_harmless_and_removed_listeners_hear_nothing() {
    table.addListener(recorder);
    table.lost("eth0/169.254.0.1", "eth0", "nobody");
    table.removeListeners();
    table.found("eth0/169.254.0.1", "beta", beta(5683));

    assertThat(events).isEmpty();
  }

  @Test
  void a_failing_listener_does_not_stop_the_others() {
    table.addListener(
        new DiscoveryListener() {
          @Override
          public void found(Announcement a) {
            throw new IllegalStateException("boom");
          }

          @Override
          public void lost(Announcement a) {}
        });
    table.addListener(recorder);

    table.found("eth0/169.254.0.1", "beta", beta(5683));

    assertThat(events).containsExactly("found beta 5683");
  }
}
