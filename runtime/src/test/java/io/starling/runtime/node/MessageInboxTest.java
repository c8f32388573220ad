package io.starling.runtime.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.starling.runtime.identity.NodeId;
import io.starling.runtime.pubsub.Delivery;
import io.starling.runtime.schedule.ManualScheduler;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class MessageInboxTest {

  private static final Instant T = Instant.parse("2026-03-01T12:00:00Z");
  private static final NodeId ORIGIN = origin();

  private final ManualScheduler scheduler = new ManualScheduler(T);
  private final MessageInbox inbox = new MessageInbox(scheduler);
  private long seq;

  private static NodeId origin() {
    byte[] b = new byte[NodeId.LENGTH];
    Arrays.fill(b, (byte) 3);
    return NodeId.fromBytes(b);
  }

  private Delivery add(String topic) {
    seq++;
    Delivery d =
        new Delivery(
            ORIGIN,
            "origin-1",
            topic,
            seq,
            T.plusSeconds(seq),
            0,
            ("m" + seq).getBytes(StandardCharsets.UTF_8),
            1);
    inbox.add(d);
    return d;
  }

  private static List<Long> indexes(MessageInbox.Page page) {
    return page.entries().stream().map(MessageInbox.Entry::index).toList();
  }

  private MessageInbox.Page pollNow(long after, String filter, int max) {
    CompletableFuture<MessageInbox.Page> f = inbox.poll(after, filter, max, Duration.ZERO);
    assertThat(f).isDone();
    return f.join();
  }

  @Test
  void numbers_messages_from_one_in_arrival_order() {
    assertThat(inbox.last()).isZero();
    Delivery a = add("sport/tennis");
    Delivery b = add("sport/golf");
    Delivery c = add("weather/rain");

    MessageInbox.Page all = pollNow(0, "#", 100);

    assertThat(inbox.last()).isEqualTo(3);
    assertThat(all.entries())
        .containsExactly(
            new MessageInbox.Entry(1, a),
            new MessageInbox.Entry(2, b),
            new MessageInbox.Entry(3, c));
    assertThat(all.next()).isEqualTo(3);
    assertThat(indexes(pollNow(1, "#", 100))).containsExactly(2L, 3L);
    MessageInbox.Page none = pollNow(3, "#", 100);
    assertThat(none.entries()).isEmpty();
    assertThat(none.next()).isEqualTo(3);
  }

  @Test
  void a_page_holds_at_most_max_and_next_continues_it() {
    for (int i = 0; i < 5; i++) {
      add("sport/tennis");
    }

    MessageInbox.Page first = pollNow(0, "#", 2);
    MessageInbox.Page second = pollNow(first.next(), "#", 2);
    MessageInbox.Page third = pollNow(second.next(), "#", 2);

    assertThat(indexes(first)).containsExactly(1L, 2L);
    assertThat(first.next()).isEqualTo(2);
    assertThat(indexes(second)).containsExactly(3L, 4L);
    assertThat(indexes(third)).containsExactly(5L);
    assertThat(third.next()).isEqualTo(5);
  }

  @Test
  void returns_only_messages_matching_the_filter() {
    add("sport/tennis/player1");
    add("weather/rain");
    add("sport/golf");
    add("sport/tennis/player1/ranking");
    add("sport");

    assertThat(indexes(pollNow(0, "sport/#", 100))).containsExactly(1L, 3L, 4L, 5L);
    assertThat(indexes(pollNow(0, "sport/+", 100))).containsExactly(3L);
    assertThat(indexes(pollNow(0, "sport/tennis/+", 100))).containsExactly(1L);
    assertThat(indexes(pollNow(0, "+/rain", 100))).containsExactly(2L);
    assertThat(indexes(pollNow(2, "sport/#", 100))).containsExactly(3L, 4L, 5L);
    MessageInbox.Page tennis = pollNow(0, "sport/tennis/#", 100);
    assertThat(indexes(tennis)).containsExactly(1L, 4L);
    assertThat(tennis.next()).isEqualTo(4); // the last one returned
  }

  @Test
  void next_skips_ahead_when_nothing_matches() {
    add("weather/rain");
    add("weather/sun");
    add("sport/golf");

    MessageInbox.Page none = pollNow(0, "news/#", 100);
    assertThat(none.entries()).isEmpty();
    assertThat(none.next()).isEqualTo(3);

    // nothing matches after the one sport message either
    MessageInbox.Page golf = pollNow(0, "sport/#", 100);
    assertThat(indexes(golf)).containsExactly(3L);
    add("weather/fog");
    MessageInbox.Page rest = pollNow(golf.next(), "sport/#", 100);
    assertThat(rest.entries()).isEmpty();
    assertThat(rest.next()).isEqualTo(4);
  }

  @Test
  void keeps_the_newest_capacity_messages() {
    int extra = 7;
    for (int i = 0; i < MessageInbox.CAPACITY + extra; i++) {
      add("sport/tennis");
    }

    MessageInbox.Page all = pollNow(0, "#", 10 * MessageInbox.CAPACITY);

    assertThat(MessageInbox.CAPACITY).isEqualTo(1000);
    assertThat(inbox.last()).isEqualTo(MessageInbox.CAPACITY + extra);
    assertThat(all.entries()).hasSize(MessageInbox.CAPACITY);
    assertThat(all.entries().get(0).index()).isEqualTo(extra + 1);
    assertThat(all.entries().get(0).delivery().seq()).isEqualTo(extra + 1);
    assertThat(all.next()).isEqualTo(MessageInbox.CAPACITY + extra);
  }

  @Test
  void poll_waits_and_completes_when_a_matching_message_arrives() {
    add("sport/golf");
    CompletableFuture<MessageInbox.Page> waiting =
        inbox.poll(1, "sport/#", 100, Duration.ofSeconds(30));
    assertThat(waiting).isNotDone();

    add("weather/rain");
    assertThat(waiting).isNotDone();
    scheduler.advance(Duration.ofSeconds(10));
    assertThat(waiting).isNotDone();

    Delivery tennis = add("sport/tennis");

    assertThat(waiting).isCompleted();
    MessageInbox.Page page = waiting.join();
    assertThat(page.entries()).containsExactly(new MessageInbox.Entry(3, tennis));
    assertThat(page.next()).isEqualTo(3);
    // the timeout later finds nothing to do
    scheduler.advance(Duration.ofSeconds(30));
    assertThat(waiting.join()).isSameAs(page);
  }

  @Test
  void poll_returns_at_once_when_a_match_is_there() {
    add("sport/tennis");

    CompletableFuture<MessageInbox.Page> f = inbox.poll(0, "sport/#", 100, Duration.ofSeconds(30));

    assertThat(f).isCompleted();
    assertThat(indexes(f.join())).containsExactly(1L);
    assertThat(scheduler.pending()).isZero();
  }

  @Test
  void poll_times_out_with_an_empty_page() {
    add("sport/golf");
    CompletableFuture<MessageInbox.Page> waiting =
        inbox.poll(1, "sport/#", 100, Duration.ofSeconds(30));

    scheduler.advance(Duration.ofSeconds(29));
    assertThat(waiting).isNotDone();
    scheduler.advance(Duration.ofSeconds(1));

    assertThat(waiting).isCompleted();
    assertThat(waiting.join()).isEqualTo(new MessageInbox.Page(1, List.of()));
    // a message after the timeout does not reach the expired poll
    add("sport/tennis");
    assertThat(waiting.join().entries()).isEmpty();
  }

  @Test
  void a_timed_out_page_skips_past_messages_that_did_not_match() {
    CompletableFuture<MessageInbox.Page> waiting =
        inbox.poll(0, "sport/#", 100, Duration.ofSeconds(30));
    add("weather/rain");
    add("weather/sun");

    scheduler.advance(Duration.ofSeconds(30));

    assertThat(waiting.join().entries()).isEmpty();
    assertThat(waiting.join().next()).isEqualTo(2);
  }

  @Test
  void each_waiter_gets_only_what_matches_its_filter() {
    CompletableFuture<MessageInbox.Page> sport =
        inbox.poll(0, "sport/#", 100, Duration.ofSeconds(30));
    CompletableFuture<MessageInbox.Page> weather =
        inbox.poll(0, "weather/#", 100, Duration.ofSeconds(30));
    CompletableFuture<MessageInbox.Page> everything =
        inbox.poll(0, "#", 100, Duration.ofSeconds(30));

    add("weather/rain");

    assertThat(sport).isNotDone();
    assertThat(indexes(weather.join())).containsExactly(1L);
    assertThat(indexes(everything.join())).containsExactly(1L);

    add("sport/tennis");

    assertThat(indexes(sport.join())).containsExactly(2L);
  }
}
