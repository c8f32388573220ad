package io.starling.runtime.pubsub;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An origin's bounded on-disk log of what it published, one directory per topic ({@code <dir>/<hex
 * of the topic>/}), so subscribers that missed messages — a partition, their own restart — can
 * fetch them. Each topic has an epoch (random, in file {@code epoch}) and numbered segments ({@code
 * <first seq>.seg}) of records {@code [u32 length][u64 seq][u64 time ms][signed message]}. Oldest
 * segments are deleted when the topic exceeds {@code maxBytes} or their newest record is older than
 * {@code maxAge}. Writes go to the OS at once and are forced to disk by {@link #sync()}.
 * Thread-safe.
 */
public final class TopicLogs implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(TopicLogs.class);
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int HEADER = 4 + 8 + 8;
  private static final int MAX_RECORD = 64 * 1024;

  /** Length flag of a publication signed in a batch: its envelope is the segment's last one. */
  private static final int IN_BATCH = 0x4000_0000;

  /** The seq of a batch envelope record (not a message). */
  private static final long ENVELOPE = -1;

  private final Path dir;
  private final long maxBytes;
  private final Duration maxAge;
  private final Clock clock;
  private final Map<String, Log> logs = new HashMap<>();

  /** A stored message. */
  public record Entry(long seq, Instant time, byte[] message) {}

  /**
   * What a topic's log holds: sequence numbers {@code first..last}; none if {@code last < first}.
   */
  public record Range(long epoch, long first, long last) {}

  private static final class Segment {
    final long first;
    final Path file;
    long bytes;
    long lastTime;

    Segment(long first, Path file) {
      this.first = first;
      this.file = file;
    }
  }

  private final class Log {
    final Path dir;
    final long epoch;
    final List<Segment> segments = new ArrayList<>();
    long next = 1;
    FileChannel out;

    Log(Path dir, long epoch) {
      this.dir = dir;
      this.epoch = epoch;
    }

    long bytes() {
      return segments.stream().mapToLong(s -> s.bytes).sum();
    }
  }

  /**
   * Logs under {@code dir}, each topic bounded to {@code maxBytes} and {@code maxAge}.
   *
   * @throws IOException if the directory cannot be created
   */
  public TopicLogs(Path dir, long maxBytes, Duration maxAge, Clock clock) throws IOException {
    this.dir = Files.createDirectories(dir);
    this.maxBytes = maxBytes;
    this.maxAge = maxAge;
    this.clock = clock;
  }

  private Log log(String topic) throws IOException {
    Log log = logs.get(topic);
    if (log != null) {
      return log;
    }
    byte[] utf8 = topic.getBytes(StandardCharsets.UTF_8);
    // The hex of the topic names its directory while that fits a file name (255 bytes); longer
    // topics get the hex of their SHA-256, with the topic in a file beside the segments.
    String dirName =
        utf8.length <= 100
            ? HexFormat.of().formatHex(utf8)
            : "sha256-" + HexFormat.of().formatHex(Batch.digest(utf8));
    Path d = dir.resolve(dirName);
    Files.createDirectories(d);
    if (utf8.length > 100 && !Files.exists(d.resolve("topic"))) {
      Files.write(d.resolve("topic"), utf8);
    }
    Path epochFile = d.resolve("epoch");
    long epoch;
    if (Files.exists(epochFile)) {
      epoch = Long.parseLong(Files.readString(epochFile).strip());
    } else {
      epoch = RANDOM.nextInt() & 0xffffffffL;
      Path tmp = d.resolve("epoch.tmp");
      Files.writeString(tmp, Long.toString(epoch));
      Files.move(tmp, epochFile, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
    log = new Log(d, epoch);
    try (Stream<Path> files = Files.list(d)) {
      for (Path f :
          files.filter(p -> p.getFileName().toString().endsWith(".seg")).sorted().toList()) {
        String n = f.getFileName().toString();
        Segment s = new Segment(Long.parseLong(n.substring(0, n.length() - 4)), f);
        s.bytes = Files.size(f);
        log.segments.add(s);
      }
    }
    // every segment's newest time, not only the last one's, for retention by age
    for (Segment s : log.segments) {
      long[] end = scanEnd(s);
      log.next = end[0] + 1;
      s.lastTime = end[1];
      s.bytes = end[2];
    }
    logs.put(topic, log);
    return log;
  }

  /** {last seq, last time, valid length} of a segment, cutting off a torn last record. */
  private static long[] scanEnd(Segment s) throws IOException {
    long lastSeq = s.first - 1;
    long lastTime = 0;
    long valid = 0;
    try (FileChannel ch =
        FileChannel.open(s.file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      ByteBuffer header = ByteBuffer.allocate(HEADER);
      long pos = 0;
      long size = ch.size();
      while (pos + HEADER <= size) {
        header.clear();
        ch.read(header, pos);
        header.flip();
        int len = header.getInt() & ~IN_BATCH;
        if (len < 0 || len > MAX_RECORD || pos + HEADER + len > size) {
          break;
        }
        long seq = header.getLong();
        long time = header.getLong();
        if (seq != ENVELOPE) {
          lastSeq = seq;
          lastTime = time;
        }
        pos += HEADER + len;
        valid = pos;
      }
      if (valid < size) {
        LOG.warn("{}: cutting a torn record at byte {}", s.file, valid);
        ch.truncate(valid);
      }
    }
    return new long[] {lastSeq, lastTime, valid};
  }

  /** The epoch and the next sequence number of {@code topic} (nothing is reserved). */
  public synchronized long[] next(String topic) {
    try {
      Log log = log(topic);
      return new long[] {log.epoch, log.next};
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Appends the message numbered {@code seq}, which must be {@link #next}'s.
   *
   * @throws IOException if the disk refuses it
   */
  public synchronized void append(String topic, long seq, Instant time, byte[] message)
      throws IOException {
    Log log = log(topic);
    if (seq != log.next) {
      throw new IllegalArgumentException(
          "topic " + topic + " expects seq " + log.next + ", got " + seq);
    }
    Segment current = segmentFor(log, seq);
    ByteBuffer record = ByteBuffer.allocate(HEADER + message.length);
    record.putInt(message.length).putLong(seq).putLong(time.toEpochMilli()).put(message).flip();
    while (record.hasRemaining()) {
      log.out.write(record);
    }
    current.bytes += HEADER + message.length;
    current.lastTime = time.toEpochMilli();
    log.next = seq + 1;
    retain(log);
  }

  /**
   * Appends publications signed together ({@link Batch}): the batch's envelope once, then each
   * publication, all in one segment, so each can be read back as {@code [envelope, publication]}
   * for the cost of storing the envelope once per topic and batch.
   *
   * @param publications the encoded publications, numbered from {@code firstSeq} on
   */
  public synchronized void appendBatch(
      String topic, long firstSeq, Instant time, byte[] envelope, List<byte[]> publications)
      throws IOException {
    Log log = log(topic);
    if (firstSeq != log.next) {
      throw new IllegalArgumentException(
          "topic " + topic + " expects seq " + log.next + ", got " + firstSeq);
    }
    Segment current = segmentFor(log, firstSeq);
    int total = HEADER + envelope.length;
    for (byte[] p : publications) {
      total += HEADER + p.length;
    }
    ByteBuffer records = ByteBuffer.allocate(total);
    records.putInt(envelope.length).putLong(ENVELOPE).putLong(time.toEpochMilli()).put(envelope);
    long seq = firstSeq;
    for (byte[] p : publications) {
      records.putInt(p.length | IN_BATCH).putLong(seq++).putLong(time.toEpochMilli()).put(p);
    }
    records.flip();
    while (records.hasRemaining()) {
      log.out.write(records);
    }
    current.bytes += total;
    current.lastTime = time.toEpochMilli();
    log.next = seq;
    retain(log);
  }

  /**
   * The segment the records starting at {@code seq} go to, with {@code log.out} open on it: the
   * current one, or a new one once the current reaches a quarter of {@code maxBytes}.
   */
  private Segment segmentFor(Log log, long seq) throws IOException {
    Segment current = log.segments.isEmpty() ? null : log.segments.get(log.segments.size() - 1);
    if (current == null || current.bytes >= Math.max(4096, maxBytes / 4)) {
      if (log.out != null) {
        log.out.force(false);
        log.out.close();
      }
      current = new Segment(seq, log.dir.resolve(String.format("%020d.seg", seq)));
      log.segments.add(current);
      log.out = null;
    }
    if (log.out == null) {
      log.out =
          FileChannel.open(
              current.file,
              StandardOpenOption.CREATE,
              StandardOpenOption.WRITE,
              StandardOpenOption.APPEND);
    }
    return current;
  }

  private void retain(Log log) throws IOException {
    long oldest = clock.instant().minus(maxAge).toEpochMilli();
    while (log.segments.size() > 1) {
      Segment first = log.segments.get(0);
      boolean tooOld = first.lastTime != 0 && first.lastTime < oldest;
      if (!tooOld && log.bytes() <= maxBytes) {
        return;
      }
      Files.deleteIfExists(first.file);
      log.segments.remove(0);
    }
  }

  /** What {@code topic}'s log holds now. */
  public synchronized Range range(String topic) {
    try {
      Log log = log(topic);
      long first = log.segments.isEmpty() ? log.next : log.segments.get(0).first;
      return new Range(log.epoch, first, log.next - 1);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Up to {@code limit} stored messages of {@code topic} numbered {@code from..to}, published at or
   * after {@code since}, in order.
   */
  public synchronized List<Entry> read(String topic, long from, long to, Instant since, int limit)
      throws IOException {
    Log log = log(topic);
    if (log.out != null) {
      log.out.force(false);
    }
    List<Entry> out = new ArrayList<>();
    for (int i = 0; i < log.segments.size() && out.size() < limit; i++) {
      Segment s = log.segments.get(i);
      long end = i + 1 < log.segments.size() ? log.segments.get(i + 1).first - 1 : log.next - 1;
      if (end < from || s.first > to) {
        continue;
      }
      try (FileChannel ch = FileChannel.open(s.file, StandardOpenOption.READ)) {
        ByteBuffer header = ByteBuffer.allocate(HEADER);
        long pos = 0;
        long size = ch.size();
        byte[] envelope = null;
        while (pos + HEADER <= size && out.size() < limit) {
          header.clear();
          ch.read(header, pos);
          header.flip();
          int raw = header.getInt();
          int len = raw & ~IN_BATCH;
          long seq = header.getLong();
          long time = header.getLong();
          if (len < 0 || len > MAX_RECORD || pos + HEADER + len > size) {
            break;
          }
          boolean wanted = seq >= from && seq <= to && time >= since.toEpochMilli();
          if (seq == ENVELOPE || wanted) {
            ByteBuffer body = ByteBuffer.allocate(len);
            ch.read(body, pos + HEADER);
            if (seq == ENVELOPE) {
              envelope = body.array();
            } else if ((raw & IN_BATCH) != 0) {
              if (envelope != null) {
                out.add(
                    new Entry(
                        seq, Instant.ofEpochMilli(time), Batch.single(envelope, body.array())));
              }
            } else {
              out.add(new Entry(seq, Instant.ofEpochMilli(time), body.array()));
            }
          }
          pos += HEADER + len;
        }
      }
    }
    return out;
  }

  /** Forces every open log to disk. */
  public synchronized void sync() {
    for (Log log : logs.values()) {
      try {
        if (log.out != null) {
          log.out.force(false);
        }
      } catch (IOException e) {
        LOG.warn("cannot sync the log in {}: {}", log.dir, e.getMessage());
      }
    }
  }

  @Override
  public synchronized void close() {
    sync();
    for (Log log : logs.values()) {
      try {
        if (log.out != null) {
          log.out.close();
        }
      } catch (IOException e) {
        LOG.warn("cannot close the log in {}: {}", log.dir, e.getMessage());
      }
    }
    logs.clear();
  }
}
