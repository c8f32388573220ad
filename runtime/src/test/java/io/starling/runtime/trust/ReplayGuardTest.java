package io.starling.runtime.trust;

import static io.starling.runtime.trust.ReplayVerdict.FRESH;
import static io.starling.runtime.trust.ReplayVerdict.REPLAYED;
import static io.starling.runtime.trust.ReplayVerdict.STALE;
import static org.assertj.core.api.Assertions.assertThat;

import io.starling.runtime.identity.NodeId;
import org.junit.jupiter.api.Test;

class ReplayGuardTest {

  private static NodeId node(int i) {
    byte[] b = new byte[NodeId.LENGTH];
    b[0] = (byte) i;
    b[1] = (byte) (i >> 8);
    return NodeId.fromBytes(b);
  }

  @Test
  void origins_have_independent_windows() {
    ReplayGuard guard = new ReplayGuard(64, 10, 10);

    assertThat(guard.accept(node(1), 1)).isEqualTo(FRESH);
    assertThat(guard.accept(node(2), 1)).isEqualTo(FRESH);
    assertThat(guard.accept(node(1), 1)).isEqualTo(REPLAYED);
  }

  @Test
  void check_of_an_unknown_origin_records_nothing() {
    ReplayGuard guard = new ReplayGuard(64, 10, 10);

    assertThat(guard.check(node(1), 5)).isEqualTo(FRESH);
    assertThat(guard.windowCount()).isZero();
  }

  @Test
  void live_windows_are_bounded_with_least_recently_used_evicted() {
    ReplayGuard guard = new ReplayGuard(64, 3, 100);
    for (int i = 0; i < 10; i++) {
      guard.accept(node(i), 1);
    }

    assertThat(guard.windowCount()).isEqualTo(3);
    assertThat(guard.floorCount()).isEqualTo(7);
  }

  @Test
  void an_evicted_origin_is_judged_by_its_remembered_highest_number() {
    ReplayGuard guard = new ReplayGuard(64, 1, 100);
    guard.accept(node(1), 10);
    guard.accept(node(1), 8);
    guard.accept(node(2), 1); // evicts node 1, remembering 10

    assertThat(guard.accept(node(1), 10)).isEqualTo(STALE); // replay refused
    assertThat(guard.accept(node(1), 9)).isEqualTo(STALE); // unseen but conservatively refused
    assertThat(guard.accept(node(1), 11)).isEqualTo(FRESH);
    assertThat(guard.accept(node(1), 11)).isEqualTo(REPLAYED);
  }

  @Test
  void a_rejected_message_does_not_cost_the_remembered_floor() {
    ReplayGuard guard = new ReplayGuard(64, 1, 100);
    guard.accept(node(1), 10);
    guard.accept(node(2), 1);

    guard.accept(node(1), 3);

    assertThat(guard.accept(node(1), 10)).isEqualTo(STALE);
  }

  @Test
  void when_the_floor_map_also_overflows_an_origin_is_forgotten() {
    ReplayGuard guard = new ReplayGuard(64, 1, 1);
    guard.accept(node(1), 10);
    guard.accept(node(2), 1); // node 1 -> floor
    guard.accept(node(3), 1); // node 2 -> floor, node 1 forgotten

    // documented limitation: with no memory of node 1 its old number is accepted again
    assertThat(guard.accept(node(1), 10)).isEqualTo(FRESH);
  }
}
