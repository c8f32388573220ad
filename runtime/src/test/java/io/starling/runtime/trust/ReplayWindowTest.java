package io.starling.runtime.trust;

import static io.starling.runtime.trust.ReplayVerdict.FRESH;
import static io.starling.runtime.trust.ReplayVerdict.REPLAYED;
import static io.starling.runtime.trust.ReplayVerdict.STALE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ReplayWindowTest {

  private final ReplayWindow window = new ReplayWindow(128, 0);

  @Test
  void accepts_each_new_highest_number() {
    for (long s = 1; s <= 500; s++) {
      assertThat(window.accept(s)).isEqualTo(FRESH);
    }
    assertThat(window.highest()).isEqualTo(500);
  }

  @Test
  void rejects_a_duplicate_as_replayed() {
    window.accept(5);

    assertThat(window.accept(5)).isEqualTo(REPLAYED);
  }

  @Test
  void accepts_unseen_numbers_within_the_window_once() {
    window.accept(200);

    assertThat(window.accept(73)).isEqualTo(FRESH); // 200 - 127
    assertThat(window.accept(150)).isEqualTo(FRESH);
    assertThat(window.accept(150)).isEqualTo(REPLAYED);
    assertThat(window.accept(73)).isEqualTo(REPLAYED);
  }

  @Test
  void rejects_numbers_older_than_the_window_as_stale() {
    window.accept(200);

    assertThat(window.accept(72)).isEqualTo(STALE); // 200 - 128
    assertThat(window.accept(1)).isEqualTo(STALE);
  }

  @Test
  void check_does_not_record() {
    assertThat(window.check(3)).isEqualTo(FRESH);
    assertThat(window.check(3)).isEqualTo(FRESH);
    window.accept(3);
    assertThat(window.check(3)).isEqualTo(REPLAYED);
  }

  @Test
  void zero_negative_and_numbers_at_the_floor_are_stale() {
    ReplayWindow w = new ReplayWindow(64, 1000);

    assertThat(w.accept(0)).isEqualTo(STALE);
    assertThat(w.accept(-5)).isEqualTo(STALE);
    assertThat(w.accept(1000)).isEqualTo(STALE);
    assertThat(w.accept(999)).isEqualTo(STALE);
    assertThat(w.accept(1001)).isEqualTo(FRESH);
  }

  @Test
  void bits_of_numbers_that_wrapped_around_the_ring_are_cleared() {
    // 5 and 5 + 128 share a bit; sliding past must not make 133 look replayed.
    window.accept(5);
    assertThat(window.accept(133)).isEqualTo(FRESH);
    assertThat(window.accept(133)).isEqualTo(REPLAYED);
    assertThat(window.accept(5)).isEqualTo(STALE);
    // advance by less than the window: 134..260 reuse bits of 6..132, none of which were seen
    assertThat(window.accept(260)).isEqualTo(FRESH);
    for (long s = 134; s < 260; s++) {
      assertThat(window.check(s)).as("seq %d", s).isEqualTo(FRESH);
    }
  }

  @Test
  void a_gap_longer_than_the_window_forgets_everything_before_it() {
    for (long s = 1; s <= 128; s++) {
      window.accept(s);
    }

    assertThat(window.accept(1_000_000)).isEqualTo(FRESH);

    assertThat(window.accept(999_873)).isEqualTo(FRESH); // unseen, within the window
    assertThat(window.accept(999_872)).isEqualTo(STALE);
    assertThat(window.accept(128)).isEqualTo(STALE);
    assertThat(window.accept(1_000_000)).isEqualTo(REPLAYED);
  }

  @Test
  void matches_a_reference_model_on_random_reordered_and_duplicated_input() {
    ReplayWindow w = new ReplayWindow(64, 0);
    Set<Long> seen = new HashSet<>();
    long highest = 0;
    Random random = new Random(7);
    long base = 1;
    for (int i = 0; i < 100_000; i++) {
      base += random.nextInt(3);
      long s = Math.max(1, base - random.nextInt(80));
      ReplayVerdict expected;
      if (s > highest) {
        expected = FRESH;
      } else if (highest - s >= 64) {
        expected = STALE;
      } else {
        expected = seen.contains(s) ? REPLAYED : FRESH;
      }
      assertThat(w.accept(s)).as("seq %d at step %d", s, i).isEqualTo(expected);
      if (expected == FRESH) {
        seen.add(s);
        highest = Math.max(highest, s);
      }
    }
  }

  @Test
  void window_size_must_be_a_power_of_two_in_range() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new ReplayWindow(100, 0))
        .withMessageContaining("100")
        .withMessageContaining("64..65536");
  }
}
