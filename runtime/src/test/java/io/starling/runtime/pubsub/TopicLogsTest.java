package io.starling.runtime.pubsub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TopicLogsTest {

  private static final Instant T = Instant.parse("2026-03-01T12:00:00Z");
  private static final String TOPIC = "greenhouse/1/air";
  private static final int HEADER = 4 + 8 + 8; // [u32 length][u64 seq][u64 time ms]
  private static final long MIB = 1024 * 1024;

  /** A clock the test moves by hand. */
  private static final class TestClock extends Clock {
    private Instant now;

    TestClock(Instant start) {
      this.now = start;
    }

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }

  @TempDir Path dir;

  private final TestClock clock = new TestClock(T);
  private TopicLogs logs;

  @AfterEach
  void close() {
    if (logs != null) {
      logs.close();
    }
  }

  private TopicLogs open(long maxBytes, Duration maxAge) throws IOException {
    if (logs != null) {
      logs.close();
    }
    logs = new TopicLogs(dir, maxBytes, maxAge, clock);
    return logs;
  }

  private static byte[] message(long seq) {
    return ("message " + seq).getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] sized(long seq, int size) {
    byte[] m = new byte[size];
    Arrays.fill(m, (byte) seq);
    return m;
  }

  private List<Path> segments() throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(p -> p.getFileName().toString().endsWith(".seg")).sorted().toList();
    }
  }

  private static long firstSeqOf(Path segment) {
    String n = segment.getFileName().toString();
    return Long.parseLong(n.substring(0, n.length() - ".seg".length()));
  }

  private static List<Long> seqs(List<TopicLogs.Entry> entries) {
    return entries.stream().map(TopicLogs.Entry::seq).toList();
  }

  @Test
  void a_new_topic_is_empty_and_starts_at_one() throws IOException {
    TopicLogs l = open(MIB, Duration.ofHours(1));

    TopicLogs.Range r = l.range(TOPIC);
    long[] next = l.next(TOPIC);

    assertThat(r.first()).isEqualTo(1);
    assertThat(r.last()).isZero();
    assertThat(next).containsExactly(r.epoch(), 1);
    assertThat(l.read(TOPIC, 1, Long.MAX_VALUE, Instant.EPOCH, 100)).isEmpty();
  }

  @Test
  void reads_back_what_was_appended_by_range_and_limit() throws IOException {
    TopicLogs l = open(MIB, Duration.ofHours(1));
    for (long seq = 1; seq <= 10; seq++) {
      l.append(TOPIC, seq, T.plusSeconds(seq), message(seq));
    }

    List<TopicLogs.Entry> all = l.read(TOPIC, 1, 10, Instant.EPOCH, 100);
    assertThat(seqs(all)).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);
    assertThat(all.get(6).message()).isEqualTo(message(7));
    assertThat(all.get(6).time()).isEqualTo(T.plusSeconds(7));

    assertThat(seqs(l.read(TOPIC, 3, 5, Instant.EPOCH, 100))).containsExactly(3L, 4L, 5L);
    assertThat(seqs(l.read(TOPIC, 4, 100, Instant.EPOCH, 2))).containsExactly(4L, 5L);
    assertThat(seqs(l.read(TOPIC, 10, 10, Instant.EPOCH, 100))).containsExactly(10L);
    assertThat(l.read(TOPIC, 11, 20, Instant.EPOCH, 100)).isEmpty();
    assertThat(l.read(TOPIC, 5, 4, Instant.EPOCH, 100)).isEmpty();
  }

  @Test
  void read_keeps_only_messages_published_at_or_after_since() throws IOException {
    TopicLogs l = open(MIB, Duration.ofHours(1));
    for (long seq = 1; seq <= 10; seq++) {
      l.append(TOPIC, seq, T.plusSeconds(seq), message(seq));
    }

    assertThat(seqs(l.read(TOPIC, 1, 10, T.plusSeconds(6), 100)))
        .containsExactly(6L, 7L, 8L, 9L, 10L);
    assertThat(seqs(l.read(TOPIC, 1, 10, T.plusMillis(6001), 100)))
        .containsExactly(7L, 8L, 9L, 10L);
    assertThat(seqs(l.read(TOPIC, 1, 7, T.plusSeconds(6), 100))).containsExactly(6L, 7L);
    assertThat(l.read(TOPIC, 1, 10, T.plusSeconds(11), 100)).isEmpty();
  }

  @Test
  void range_and_next_follow_the_appends_per_topic() throws IOException {
    TopicLogs l = open(MIB, Duration.ofHours(1));
    long epoch = l.next(TOPIC)[0];
    for (long seq = 1; seq <= 3; seq++) {
      l.append(TOPIC, seq, T, message(seq));
    }

    assertThat(l.range(TOPIC)).isEqualTo(new TopicLogs.Range(epoch, 1, 3));
    assertThat(l.next(TOPIC)).containsExactly(epoch, 4);
    // another topic has its own stream, epoch file and numbering
    assertThat(l.range("greenhouse/2/air").last()).isZero();
    assertThat(l.next("greenhouse/2/air")[1]).isEqualTo(1);
    assertThat(l.read("greenhouse/2/air", 1, 10, Instant.EPOCH, 100)).isEmpty();
  }

  @Test
  void refuses_an_append_with_the_wrong_seq() throws IOException {
    TopicLogs l = open(MIB, Duration.ofHours(1));

    assertThatIllegalArgumentException()
        .isThrownBy(() -> l.append(TOPIC, 2, T, message(2)))
        .withMessageContaining("expects seq 1, got 2");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> l.append(TOPIC, 0, T, message(0)))
        .withMessageContaining("expects seq 1, got 0");

    l.append(TOPIC, 1, T, message(1));
    assertThatIllegalArgumentException()
        .isThrownBy(() -> l.append(TOPIC, 1, T, message(1)))
        .withMessageContaining("expects seq 2, got 1");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> l.append(TOPIC, 3, T, message(3)))
        .withMessageContaining("expects seq 2, got 3");

    assertThat(l.range(TOPIC).last()).isEqualTo(1);
    assertThat(seqs(l.read(TOPIC, 1, 10, Instant.EPOCH, 100))).containsExactly(1L);
  }

  @Test
  void reopening_continues_the_sequence_and_keeps_the_epoch() throws IOException {
    TopicLogs l = open(MIB, Duration.ofHours(1));
    for (long seq = 1; seq <= 5; seq++) {
      l.append(TOPIC, seq, T, message(seq));
    }
    long epoch = l.range(TOPIC).epoch();
    l.close();

    TopicLogs reopened = open(MIB, Duration.ofHours(1));

    assertThat(reopened.range(TOPIC)).isEqualTo(new TopicLogs.Range(epoch, 1, 5));
    assertThat(reopened.next(TOPIC)).containsExactly(epoch, 6);
    reopened.append(TOPIC, 6, T, message(6));
    List<TopicLogs.Entry> all = reopened.read(TOPIC, 1, 100, Instant.EPOCH, 100);
    assertThat(seqs(all)).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
    assertThat(all.get(4).message()).isEqualTo(message(5));
    assertThat(all.get(5).message()).isEqualTo(message(6));
  }

  @Test
  void a_torn_last_record_is_cut_off_on_reopen() throws IOException {
    TopicLogs l = open(MIB, Duration.ofHours(1));
    for (long seq = 1; seq <= 5; seq++) {
      l.append(TOPIC, seq, T, sized(seq, 100));
    }
    long epoch = l.range(TOPIC).epoch();
    l.close();
    Path seg = segments().get(0);
    assertThat(Files.size(seg)).isEqualTo(5 * (HEADER + 100));
    try (FileChannel ch = FileChannel.open(seg, StandardOpenOption.WRITE)) {
      ch.truncate(Files.size(seg) - 3); // a crash in the middle of writing record 5
    }

    TopicLogs reopened = open(MIB, Duration.ofHours(1));

    assertThat(reopened.range(TOPIC)).isEqualTo(new TopicLogs.Range(epoch, 1, 4));
    assertThat(reopened.next(TOPIC)).containsExactly(epoch, 5);
    assertThat(Files.size(seg)).isEqualTo(4 * (HEADER + 100));
    // seq 5 is written again, after the last whole record
    reopened.append(TOPIC, 5, T, sized(55, 100));
    List<TopicLogs.Entry> all = reopened.read(TOPIC, 1, 100, Instant.EPOCH, 100);
    assertThat(seqs(all)).containsExactly(1L, 2L, 3L, 4L, 5L);
    assertThat(all.get(4).message()).isEqualTo(sized(55, 100));
  }

  @Test
  void a_record_torn_inside_its_header_is_cut_off_on_reopen() throws IOException {
    TopicLogs l = open(MIB, Duration.ofHours(1));
    for (long seq = 1; seq <= 3; seq++) {
      l.append(TOPIC, seq, T, sized(seq, 50));
    }
    l.close();
    Path seg = segments().get(0);
    try (FileChannel ch = FileChannel.open(seg, StandardOpenOption.WRITE)) {
      ch.truncate(2 * (HEADER + 50) + 7); // record 3 has 7 of its 20 header bytes
    }

    TopicLogs reopened = open(MIB, Duration.ofHours(1));

    assertThat(reopened.range(TOPIC).last()).isEqualTo(2);
    assertThat(reopened.next(TOPIC)[1]).isEqualTo(3);
    assertThat(Files.size(seg)).isEqualTo(2 * (HEADER + 50));
    reopened.append(TOPIC, 3, T, sized(3, 50));
    assertThat(seqs(reopened.read(TOPIC, 1, 100, Instant.EPOCH, 100))).containsExactly(1L, 2L, 3L);
  }

  @Test
  void retention_by_size_deletes_the_oldest_segments() throws IOException {
    long maxBytes = 16 * 1024;
    TopicLogs l = open(maxBytes, Duration.ofDays(1));
    int n = 200;
    for (long seq = 1; seq <= n; seq++) {
      l.append(TOPIC, seq, T, sized(seq, 1000));
    }

    TopicLogs.Range r = l.range(TOPIC);
    List<Path> segs = segments();
    long onDisk = 0;
    for (Path s : segs) {
      onDisk += Files.size(s);
    }

    assertThat(r.last()).isEqualTo(n);
    assertThat(r.first()).isGreaterThan(1).isLessThan(n);
    assertThat(onDisk).isLessThanOrEqualTo(maxBytes);
    assertThat(segs).hasSizeBetween(2, 5);
    assertThat(firstSeqOf(segs.get(0))).isEqualTo(r.first());
    // what is left is whole and contiguous; what went is gone
    List<TopicLogs.Entry> left = l.read(TOPIC, 1, n, Instant.EPOCH, 1000);
    assertThat(seqs(left)).first().isEqualTo(r.first());
    assertThat(left).hasSize((int) (n - r.first() + 1));
    assertThat(left.get(left.size() - 1).message()).isEqualTo(sized(n, 1000));
    assertThat(l.read(TOPIC, 1, r.first() - 1, Instant.EPOCH, 1000)).isEmpty();
  }

  /** Appends {@code from..to}, 1000-byte messages: 5 records fill a segment of a 16 KiB log. */
  private void appendAt(long from, long to, Instant time) throws IOException {
    for (long seq = from; seq <= to; seq++) {
      logs.append(TOPIC, seq, time, sized(seq, 1000));
    }
  }

  @Test
  void retention_by_age_deletes_segments_whose_newest_record_is_too_old() throws IOException {
    TopicLogs l = open(16 * 1024, Duration.ofHours(1));
    appendAt(1, 5, clock.instant());
    clock.advance(Duration.ofMinutes(50));
    appendAt(6, 10, clock.instant());
    assertThat(segments()).extracting(TopicLogsTest::firstSeqOf).containsExactly(1L, 6L);

    clock.advance(Duration.ofMinutes(40)); // 1..5 are 90 min old, 6..10 are 40
    appendAt(11, 11, clock.instant());

    assertThat(l.range(TOPIC).first()).isEqualTo(6);
    assertThat(segments()).extracting(TopicLogsTest::firstSeqOf).containsExactly(6L, 11L);
    assertThat(seqs(l.read(TOPIC, 1, 100, Instant.EPOCH, 100)))
        .containsExactly(6L, 7L, 8L, 9L, 10L, 11L);

    clock.advance(Duration.ofHours(2)); // all old; the segment being written stays
    appendAt(12, 12, clock.instant());

    assertThat(l.range(TOPIC))
        .extracting(TopicLogs.Range::first, TopicLogs.Range::last)
        .containsExactly(11L, 12L);
    assertThat(segments()).extracting(TopicLogsTest::firstSeqOf).containsExactly(11L);
  }

  @Test
  void retention_by_age_applies_to_segments_written_before_a_restart() throws IOException {
    open(16 * 1024, Duration.ofHours(1));
    appendAt(1, 10, clock.instant());
    assertThat(segments()).extracting(TopicLogsTest::firstSeqOf).containsExactly(1L, 6L);
    clock.advance(Duration.ofHours(2));

    TopicLogs reopened = open(16 * 1024, Duration.ofHours(1));
    appendAt(11, 11, clock.instant());

    assertThat(reopened.range(TOPIC).first()).isEqualTo(11);
    assertThat(segments()).extracting(TopicLogsTest::firstSeqOf).containsExactly(11L);
  }
}
