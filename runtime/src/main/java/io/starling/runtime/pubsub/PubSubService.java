package io.starling.runtime.pubsub;

import io.starling.runtime.identity.NodeId;
import io.starling.runtime.identity.NodeIdentity;
import io.starling.runtime.identity.SequenceCounter;
import io.starling.runtime.mesh.LinkStateService;
import io.starling.runtime.mesh.Router;
import io.starling.runtime.schedule.TaskScheduler;
import io.starling.runtime.trust.EnvelopeVerifier;
import io.starling.runtime.wire.FlatJson;
import io.starling.runtime.wire.cose.StarlingEnvelope;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publish/subscribe across the mesh, without a broker.
 *
 * <ul>
 *   <li><b>Interest.</b> A node's subscriptions (topic filters) travel in its signed advert ({@link
 *       LinkStateService#subscriptions}), so every node knows who wants what.
 *   <li><b>Publishing.</b> The origin numbers each message in its stream (origin, topic) from 1,
 *       appends it to its bounded on-disk log ({@link TopicLogs}), signs it ({@link Publication} in
 *       a Starling envelope) and sends it to the matching subscribers only, one copy per link of
 *       the shortest-path tree ({@link Router#sendMany}).
 *   <li><b>Batching.</b> Messages queued while the previous ones are being signed go out together:
 *       one datagram and one signature per batch ({@link Batch}), each message still verifiable
 *       alone. A message published into an empty queue goes out at once, alone.
 *   <li><b>Delivery.</b> A subscriber verifies the origin's signature, then delivers each stream in
 *       order and once: a message at or below the stream's cursor is a duplicate and dropped; one
 *       beyond the next expected waits while the gap is fetched from the origin's log. Cursors
 *       survive restarts ({@link Cursors}).
 *   <li><b>Catch-up.</b> A fetch (signed, routed to the origin) names the stream, a range and the
 *       subscription's start time; the origin sends the stored messages (the original signed bytes)
 *       and a signed gap notice saying where its log begins, so the subscriber can skip what is
 *       older than its subscription and count what the log no longer holds as lost.
 * </ul>
 *
 * <p>The first message of a stream a subscriber has no cursor for starts it at sequence 1: earlier
 * messages published since the subscription began are fetched, older ones skipped. Thread-safe.
 */
public final class PubSubService implements AutoCloseable {

  /** Routed channel of publications. */
  public static final String PUB = "pub";

  /** Routed channel of batches of publications under one signature ({@link Batch}). */
  public static final String PUBS = "pubs";

  /** Routed channel of fetch requests (subscriber → origin). */
  public static final String FETCH = "fetch";

  /** Routed channel of gap notices (origin → subscriber). */
  public static final String GAP = "gap";

  private static final Logger LOG = LoggerFactory.getLogger(PubSubService.class);
  private static final int JSON_FORMAT = 50;

  private final NodeIdentity identity;
  private final SequenceCounter sequence;
  private final LinkStateService linkState;
  private final Router router;
  private final EnvelopeVerifier verifier;
  private final TopicLogs logs;
  private final Cursors cursors;
  private final TaskScheduler scheduler;
  private final Clock clock;
  private final PubSubSettings settings;
  private final List<Sub> subs = new CopyOnWriteArrayList<>();
  private final Map<Cursors.Stream, StreamState> streams = new HashMap<>();
  private final Map<String, Long> counters = new LinkedHashMap<>();
  private TaskScheduler.Cancellable tick;
  private boolean closed;
  private final Object delivering = new Object();
  private final Object flushing = new Object();
  private final java.util.ArrayDeque<Outgoing> outbox = new java.util.ArrayDeque<>();
  private final Map<String, long[]> nextSeq = new HashMap<>(); // guarded by outbox
  private boolean flushScheduled; // guarded by outbox
  private boolean stoppedPublishing; // guarded by outbox
  private long lastPublishNanos = System.nanoTime() - 1_000_000_000L; // guarded by outbox
  private boolean stopped; // guarded by delivering

  /** A subscription; closing it stops deliveries and withdraws the filter from the advert. */
  public interface Subscription extends AutoCloseable {
    /** The topic filter. */
    String filter();

    @Override
    void close();
  }

  private final class Sub implements Subscription {
    final String filter;
    final Instant since;
    final Consumer<Delivery> listener;

    Sub(String filter, Instant since, Consumer<Delivery> listener) {
      this.filter = filter;
      this.since = since;
      this.listener = listener;
    }

    @Override
    public String filter() {
      return filter;
    }

    @Override
    public void close() {
      subs.remove(this);
      advertise();
    }
  }

  private static final class StreamState {
    long epoch;
    long delivered;
    long lastTime;
    long highestSeen;
    Instant since;
    final TreeMap<Long, Delivery> pending = new TreeMap<>();
    Instant nextFetch = Instant.EPOCH;
    long fetchTo; // the end of the range last fetched

    StreamState(long epoch, long delivered, long lastTime, Instant since) {
      this.epoch = epoch;
      this.delivered = delivered;
      this.lastTime = lastTime;
      this.highestSeen = delivered;
      this.since = since;
    }
  }

  /**
   * Publish/subscribe for {@code identity} over {@code router}.
   *
   * @param verifier checks publications, fetches and gap notices; its certificate source should be
   *     the link-state database
   * @param logs this node's own publications
   * @param cursors this node's progress as a subscriber
   */
  public PubSubService(
      NodeIdentity identity,
      SequenceCounter sequence,
      LinkStateService linkState,
      Router router,
      EnvelopeVerifier verifier,
      TopicLogs logs,
      Cursors cursors,
      TaskScheduler scheduler,
      Clock clock,
      PubSubSettings settings) {
    this.identity = identity;
    this.sequence = sequence;
    this.linkState = linkState;
    this.router = router;
    this.verifier = verifier;
    this.logs = logs;
    this.cursors = cursors;
    this.scheduler = scheduler;
    this.clock = clock;
    this.settings = settings;
    for (String c :
        List.of(
            "published",
            "batches",
            "delivered",
            "duplicates",
            "lost",
            "skippedBeforeSubscription",
            "fetchesSent",
            "fetchesServed",
            "messagesResent",
            "unsolicited",
            "rejected")) {
      counters.put(c, 0L);
    }
  }

  /** Registers the routed channels and starts the retry and flush timer. */
  public synchronized void start() {
    router.register(PUB, this::onPublication);
    router.register(PUBS, this::onBatch);
    router.register(FETCH, this::onFetch);
    router.register(GAP, this::onGap);
    tick = scheduler.schedule(settings.flushInterval(), this::tick);
  }

  /**
   * Subscribes to {@code filter}: messages published from {@code since} on are delivered to {@code
   * listener}, each stream in order and once. Called on the mesh's thread; must not block.
   */
  public Subscription subscribe(String filter, Instant since, Consumer<Delivery> listener) {
    Sub sub = new Sub(Topics.checkFilter(filter), since, listener);
    synchronized (subs) {
      long distinct =
          java.util.stream.Stream.concat(
                  subs.stream().map(x -> x.filter), java.util.stream.Stream.of(filter))
              .distinct()
              .count();
      if (distinct > io.starling.runtime.mesh.Advert.MAX_SUBSCRIPTIONS) {
        throw new IllegalStateException(
            "a node subscribes to at most "
                + io.starling.runtime.mesh.Advert.MAX_SUBSCRIPTIONS
                + " different filters (they travel in its advert)");
      }
      subs.add(sub);
    }
    advertise();
    return sub;
  }

  private void advertise() {
    linkState.subscriptions(subs.stream().map(s -> s.filter).toList());
  }

  /**
   * Publishes {@code body} on {@code topic}: numbered now, then logged, signed and sent toward
   * every subscriber on the node's timer thread — at once when nothing else waits, else together
   * with what does, in a {@link Batch} under one signature.
   *
   * @return its sequence number in this node's stream of {@code topic}
   * @throws IOException if the log or the sequence counter cannot be written
   */
  public long publish(String topic, int contentFormat, byte[] body) throws IOException {
    Topics.checkName(topic);
    if (body.length > Publication.MAX_BODY) {
      throw new IllegalArgumentException(
          "a message of " + body.length + " bytes exceeds " + Publication.MAX_BODY);
    }
    Publication p;
    boolean schedule;
    boolean inline;
    synchronized (outbox) {
      if (stoppedPublishing) {
        throw new IllegalStateException("publish/subscribe is stopped");
      }
      long[] next;
      try {
        next = nextSeq.computeIfAbsent(topic, t -> logs.next(t).clone());
      } catch (java.io.UncheckedIOException e) {
        throw e.getCause();
      }
      p = new Publication(topic, next[0], next[1]++, contentFormat, body);
      outbox.add(new Outgoing(p, clock.instant()));
      schedule = !flushScheduled;
      flushScheduled = true;
      long nanos = System.nanoTime();
      // Idle (nothing published for a millisecond): send it from this thread, at once. Busy: let
      // the timer thread send, so that what is published meanwhile joins the next batch.
      inline = schedule && nanos - lastPublishNanos > 1_000_000;
      lastPublishNanos = nanos;
    }
    synchronized (this) {
      count("published");
    }
    if (inline) {
      flush();
    } else if (schedule) {
      scheduler.schedule(java.time.Duration.ZERO, this::flush);
    }
    return p.seq();
  }

  private record Outgoing(Publication publication, Instant time) {}

  /**
   * Signs and sends what {@link #publish} queued: alone if it is alone, else in batches under one
   * signature (one per set of destinations), logging each message first.
   */
  private void flush() {
    synchronized (flushing) {
      flushAll();
    }
  }

  private void flushAll() {
    while (true) {
      List<Outgoing> batch = new ArrayList<>();
      synchronized (outbox) {
        int bytes = 0;
        while (!outbox.isEmpty()
            && batch.size() < Batch.MAX_MESSAGES
            && (batch.isEmpty()
                || bytes + outbox.peek().publication().body().length < Batch.MAX_BYTES)) {
          Outgoing o = outbox.poll();
          bytes += o.publication().body().length + o.publication().topic().length() + 16;
          batch.add(o);
        }
        if (batch.isEmpty()) {
          flushScheduled = false;
          outbox.notifyAll();
          return;
        }
      }
      try {
        send(batch);
      } catch (IOException | RuntimeException e) {
        LOG.warn("cannot publish {} messages: {}", batch.size(), e.toString());
      }
    }
  }

  private void send(List<Outgoing> batch) throws IOException {
    Map<String, Set<NodeId>> subscribersOf = new HashMap<>();
    Map<Set<NodeId>, List<Outgoing>> byDestinations = new LinkedHashMap<>();
    for (Outgoing o : batch) {
      Set<NodeId> to =
          subscribersOf.computeIfAbsent(o.publication().topic(), linkState::subscribers);
      byDestinations.computeIfAbsent(to, k -> new ArrayList<>()).add(o);
    }
    String self = linkState.nameOf(identity.id()).orElse("");
    for (Map.Entry<Set<NodeId>, List<Outgoing>> group : byDestinations.entrySet()) {
      List<Outgoing> messages = group.getValue();
      Instant time = messages.get(messages.size() - 1).time();
      if (messages.size() == 1) {
        Publication p = messages.get(0).publication();
        byte[] envelope =
            StarlingEnvelope.sign(identity, sequence.next(), time, Publication.FORMAT, p.encode());
        logs.append(p.topic(), p.seq(), time, envelope);
        if (!group.getKey().isEmpty()) {
          router.sendMany(group.getKey(), PUB, envelope);
        }
      } else {
        List<byte[]> encoded = messages.stream().map(o -> o.publication().encode()).toList();
        byte[] envelope =
            StarlingEnvelope.sign(
                identity, sequence.next(), time, Batch.FORMAT, Batch.digestList(encoded));
        // Each topic's messages of the batch go to its log together, the envelope stored once.
        Map<String, List<Integer>> byTopic = new LinkedHashMap<>();
        for (int i = 0; i < messages.size(); i++) {
          byTopic
              .computeIfAbsent(messages.get(i).publication().topic(), t -> new ArrayList<>())
              .add(i);
        }
        for (Map.Entry<String, List<Integer>> t : byTopic.entrySet()) {
          List<byte[]> pubs = t.getValue().stream().map(encoded::get).toList();
          long first = messages.get(t.getValue().get(0)).publication().seq();
          logs.appendBatch(t.getKey(), first, time, envelope, pubs);
        }
        synchronized (this) {
          count("batches");
        }
        if (!group.getKey().isEmpty()) {
          router.sendMany(group.getKey(), PUBS, Batch.datagram(envelope, encoded));
        }
      }
      for (Outgoing o : messages) {
        if (subs.stream().anyMatch(x -> Topics.matches(x.filter, o.publication().topic()))) {
          accept(identity.id(), self, o.publication(), time, 0);
        }
      }
    }
  }

  // ---- subscriber side ----

  private void onPublication(byte[] message, int hops) {
    if (message.length > 0 && (message[0] & 0xff) == 0x82) {
      onBatch(message, hops); // one publication of a batch, with the batch's signed digests
      return;
    }
    EnvelopeVerifier.Result r = verifier.verifyOrigin(message);
    if (r instanceof EnvelopeVerifier.Failed f) {
      reject("publication", f.reason().name(), f.detail());
      return;
    }
    EnvelopeVerifier.Verified v = (EnvelopeVerifier.Verified) r;
    if (v.envelope().contentFormat() != Publication.FORMAT) {
      reject("publication", "WRONG_FORMAT", "content format " + v.envelope().contentFormat());
      return;
    }
    Publication p;
    try {
      p = Publication.decode(v.envelope().payload());
    } catch (IllegalArgumentException e) {
      reject("publication", "MALFORMED_PUBLICATION", e.getMessage());
      return;
    }
    accept(v.envelope().kid(), v.identity().name(), p, v.envelope().time(), hops);
  }

  /** A batch datagram, or one publication of a batch: one signature check for all of them. */
  private void onBatch(byte[] message, int hops) {
    Batch.Parsed parsed;
    try {
      parsed = Batch.parse(message);
    } catch (IllegalArgumentException e) {
      reject("batch", "MALFORMED_BATCH", e.getMessage());
      return;
    }
    EnvelopeVerifier.Result r = verifier.verifyOrigin(parsed.envelope());
    if (r instanceof EnvelopeVerifier.Failed f) {
      reject("batch", f.reason().name(), f.detail());
      return;
    }
    EnvelopeVerifier.Verified v = (EnvelopeVerifier.Verified) r;
    if (v.envelope().contentFormat() != Batch.FORMAT) {
      reject("batch", "WRONG_FORMAT", "content format " + v.envelope().contentFormat());
      return;
    }
    List<byte[]> digests;
    try {
      digests = Batch.digests(v.envelope().payload());
    } catch (IllegalArgumentException e) {
      reject("batch", "MALFORMED_BATCH", e.getMessage());
      return;
    }
    for (byte[] encoded : parsed.publications()) {
      byte[] d = Batch.digest(encoded);
      if (digests.stream().noneMatch(x -> java.util.Arrays.equals(x, d))) {
        reject("batch", "NOT_IN_BATCH", "a publication whose digest the origin did not sign");
        continue;
      }
      Publication p;
      try {
        p = Publication.decode(encoded);
      } catch (IllegalArgumentException e) {
        reject("batch", "MALFORMED_PUBLICATION", e.getMessage());
        continue;
      }
      accept(v.envelope().kid(), v.identity().name(), p, v.envelope().time(), hops);
    }
  }

  private void accept(NodeId origin, String originName, Publication p, Instant time, int hops) {
    List<Runnable> deliveries = new ArrayList<>();
    synchronized (this) {
      if (closed) {
        return;
      }
      List<Sub> matching = matching(p.topic());
      if (matching.isEmpty()) {
        count("unsolicited");
        return;
      }
      Cursors.Stream key = new Cursors.Stream(origin, p.topic());
      StreamState s = stream(key, p.epoch(), matching);
      if (p.epoch() != s.epoch) {
        // The origin's log of this topic was reset: a new stream. Start it over.
        LOG.info(
            "{} restarted its stream {} (epoch {} -> {})",
            originName,
            p.topic(),
            s.epoch,
            p.epoch());
        s.epoch = p.epoch();
        s.delivered = 0;
        s.highestSeen = 0;
        s.pending.clear();
        s.since = Instant.ofEpochMilli(s.lastTime);
      }
      Delivery d =
          new Delivery(
              origin, originName, p.topic(), p.seq(), time, p.contentFormat(), p.body(), hops);
      if (p.seq() <= s.delivered || s.pending.containsKey(p.seq())) {
        count("duplicates");
        return;
      }
      s.highestSeen = Math.max(s.highestSeen, p.seq());
      if (p.seq() == s.delivered + 1) {
        deliverInOrder(key, s, d, deliveries);
        if (s.highestSeen > s.delivered && s.delivered >= s.fetchTo) {
          // the range fetched has arrived and more is missing: ask for the next at once
          s.nextFetch = Instant.EPOCH;
          fetchIfDue(key, s, clock.instant());
        }
      } else {
        if (s.pending.size() < settings.maxPending()) {
          s.pending.put(p.seq(), d);
        }
        fetchIfDue(key, s, clock.instant());
      }
    }
    deliver(deliveries);
  }

  /**
   * Runs deliveries (and the cursor updates after them) unless stopping; close() waits for them.
   */
  private void deliver(List<Runnable> deliveries) {
    if (deliveries.isEmpty()) {
      return;
    }
    synchronized (delivering) {
      if (stopped) {
        return;
      }
      deliveries.forEach(Runnable::run);
    }
  }

  private StreamState stream(Cursors.Stream key, long epoch, List<Sub> matching) {
    StreamState s = streams.get(key);
    if (s == null) {
      Instant since = matching.stream().map(m -> m.since).min(Instant::compareTo).orElseThrow();
      // A stream with a cursor resumes after it, whatever the subscriptions' start times: what was
      // published while this node was away is delivered. Start times apply to new streams only.
      s =
          cursors
              .get(key)
              .map(
                  c -> new StreamState(c.epoch(), c.delivered(), c.lastTimeMillis(), Instant.EPOCH))
              .orElseGet(() -> new StreamState(epoch, 0, since.toEpochMilli(), since));
      streams.put(key, s);
    }
    return s;
  }

  private List<Sub> matching(String topic) {
    List<Sub> out = new ArrayList<>();
    for (Sub s : subs) {
      if (Topics.matches(s.filter, topic)) {
        out.add(s);
      }
    }
    return out;
  }

  /** Delivers {@code d} and every pending message that now follows on; holds the lock. */
  private void deliverInOrder(
      Cursors.Stream key, StreamState s, Delivery d, List<Runnable> deliveries) {
    Delivery next = d;
    while (next != null) {
      s.delivered = next.seq();
      s.lastTime = next.time().toEpochMilli();
      Delivery out = next;
      List<Sub> to = new ArrayList<>();
      for (Sub sub : matching(out.topic())) {
        if (!out.time().isBefore(sub.since) || s.since.equals(Instant.EPOCH)) {
          to.add(sub);
        }
      }
      if (to.isEmpty()) {
        count("skippedBeforeSubscription");
      } else {
        count("delivered");
        deliveries.add(
            () -> {
              for (Sub sub : to) {
                try {
                  sub.listener.accept(out);
                } catch (RuntimeException e) {
                  LOG.warn("subscriber of {} failed: {}", sub.filter, e.toString());
                }
              }
            });
      }
      s.pending.remove(next.seq());
      next = s.pending.get(s.delivered + 1);
    }
    s.pending.headMap(s.delivered, true).clear();
    // The cursor moves only once the listeners have the messages: a stop in between delivers them
    // again after the restart rather than never.
    Cursors.Cursor done = new Cursors.Cursor(s.epoch, s.delivered, s.lastTime);
    deliveries.add(() -> cursors.put(key, done));
  }

  private void fetchIfDue(Cursors.Stream key, StreamState s, Instant now) {
    if (s.highestSeen <= s.delivered || now.isBefore(s.nextFetch)) {
      return;
    }
    long from = s.delivered + 1;
    long to = Math.min(s.highestSeen, from + settings.fetchBatch() - 1);
    Long firstPending = s.pending.isEmpty() ? null : s.pending.firstKey();
    if (firstPending != null && firstPending > from) {
      to = Math.min(to, firstPending - 1);
    }
    s.nextFetch = now.plus(settings.fetchRetry());
    s.fetchTo = to;
    String body =
        "{\"topic\":"
            + quote(key.topic())
            + ",\"epoch\":"
            + s.epoch
            + ",\"from\":"
            + from
            + ",\"to\":"
            + to
            + ",\"since\":"
            + s.since.toEpochMilli()
            + "}";
    try {
      byte[] message =
          StarlingEnvelope.sign(
              identity, sequence.next(), now, JSON_FORMAT, body.getBytes(StandardCharsets.UTF_8));
      if (router.send(key.origin(), FETCH, message)) {
        count("fetchesSent");
      }
    } catch (IOException e) {
      LOG.warn("cannot reserve a sequence number for a fetch: {}", e.getMessage());
    }
  }

  private void onGap(byte[] message, int hops) {
    EnvelopeVerifier.Result r = verifier.verify(message);
    if (r instanceof EnvelopeVerifier.Failed f) {
      reject("gap", f.reason().name(), f.detail());
      return;
    }
    EnvelopeVerifier.Verified v = (EnvelopeVerifier.Verified) r;
    Map<String, Object> gap;
    long gapEpoch;
    long floor;
    long first;
    try {
      gap = FlatJson.parse(v.envelope().payload());
      gapEpoch = FlatJson.integer(gap, "epoch");
      floor = FlatJson.integer(gap, "floor");
      first = FlatJson.integer(gap, "first");
      FlatJson.text(gap, "topic");
    } catch (IllegalArgumentException e) {
      reject("gap", "MALFORMED_GAP", e.getMessage());
      return;
    }
    List<Runnable> deliveries = new ArrayList<>();
    synchronized (this) {
      Cursors.Stream key = new Cursors.Stream(v.envelope().kid(), FlatJson.text(gap, "topic"));
      StreamState s = streams.get(key);
      if (s == null || gapEpoch != s.epoch) {
        return;
      }
      if (first <= s.delivered + 1) {
        return;
      }
      // On first contact nothing below the log's floor was ever owed to this subscriber.
      long lost =
          s.delivered == 0 && s.lastTime <= s.since.toEpochMilli()
              ? 0
              : Math.max(0, Math.min(first, floor) - (s.delivered + 1));
      long skipped = (first - (s.delivered + 1)) - lost;
      if (lost > 0) {
        count("lost", lost);
        LOG.warn(
            "{} messages of {} on {} are no longer in its log: lost",
            lost,
            v.identity().name(),
            key.topic());
      }
      count("skippedBeforeSubscription", skipped);
      s.delivered = first - 1;
      s.pending.headMap(s.delivered, true).clear();
      Delivery next = s.pending.get(s.delivered + 1);
      if (next != null) {
        deliverInOrder(key, s, next, deliveries);
      } else {
        cursors.put(key, new Cursors.Cursor(s.epoch, s.delivered, s.lastTime));
      }
      s.nextFetch = Instant.EPOCH;
      fetchIfDue(key, s, clock.instant());
    }
    deliver(deliveries);
  }

  // ---- origin side ----

  private void onFetch(byte[] message, int hops) {
    EnvelopeVerifier.Result r = verifier.verify(message);
    if (r instanceof EnvelopeVerifier.Failed f) {
      reject("fetch", f.reason().name(), f.detail());
      return;
    }
    EnvelopeVerifier.Verified v = (EnvelopeVerifier.Verified) r;
    NodeId requester = v.envelope().kid();
    String topic;
    long epoch;
    long from;
    long to;
    Instant since;
    try {
      Map<String, Object> q = FlatJson.parse(v.envelope().payload());
      topic = Topics.checkName(FlatJson.text(q, "topic"));
      epoch = FlatJson.integer(q, "epoch");
      from = Math.max(1, FlatJson.integer(q, "from"));
      to = FlatJson.integer(q, "to");
      since = Instant.ofEpochMilli(FlatJson.integer(q, "since"));
    } catch (IllegalArgumentException e) {
      reject("fetch", "MALFORMED_FETCH", e.getMessage());
      return;
    }
    TopicLogs.Range range = logs.range(topic);
    List<TopicLogs.Entry> entries = List.of();
    if (range.epoch() == epoch && to >= from) {
      try {
        entries =
            logs.read(
                topic,
                from,
                Math.min(to, from + settings.fetchBatch() - 1),
                since,
                settings.fetchBatch());
      } catch (IOException e) {
        LOG.warn("cannot read the log of {}: {}", topic, e.getMessage());
        return;
      }
    }
    synchronized (this) {
      count("fetchesServed");
      count("messagesResent", entries.size());
    }
    for (TopicLogs.Entry e : entries) {
      router.send(requester, PUB, e.message());
    }
    long first;
    if (!entries.isEmpty()) {
      first = entries.get(0).seq();
    } else {
      // Nothing in the range is new enough: point the subscriber at the first message at or after
      // its start time anywhere in the log, so it skips the old ones in one step.
      try {
        List<TopicLogs.Entry> next =
            range.epoch() == epoch ? logs.read(topic, from, Long.MAX_VALUE, since, 1) : List.of();
        first = next.isEmpty() ? range.last() + 1 : next.get(0).seq();
      } catch (IOException e) {
        LOG.warn("cannot read the log of {}: {}", topic, e.getMessage());
        return;
      }
    }
    String body =
        "{\"topic\":"
            + quote(topic)
            + ",\"epoch\":"
            + range.epoch()
            + ",\"floor\":"
            + range.first()
            + ",\"first\":"
            + first
            + ",\"last\":"
            + range.last()
            + "}";
    try {
      router.send(
          requester,
          GAP,
          StarlingEnvelope.sign(
              identity,
              sequence.next(),
              clock.instant(),
              JSON_FORMAT,
              body.getBytes(StandardCharsets.UTF_8)));
    } catch (IOException e) {
      LOG.warn("cannot reserve a sequence number for a gap notice: {}", e.getMessage());
    }
  }

  // ---- housekeeping ----

  private void tick() {
    synchronized (this) {
      if (closed) {
        return;
      }
      Instant now = clock.instant();
      streams.forEach((key, s) -> fetchIfDue(key, s, now));
      cursors.flush();
      tick = scheduler.schedule(settings.flushInterval(), this::tick);
    }
    logs.sync();
  }

  private void reject(String what, String reason, String detail) {
    long n;
    synchronized (this) {
      count("rejected");
      n = counters.merge("rejected." + reason, 1L, Long::sum);
    }
    if (n == 1 || LOG.isTraceEnabled()) {
      LOG.debug("{} refused: {} ({}); {} so far", what, reason, detail, n);
    }
  }

  private void count(String counter) {
    count(counter, 1);
  }

  private void count(String counter, long n) {
    counters.merge(counter, n, Long::sum);
  }

  private static String quote(String s) {
    StringBuilder b = new StringBuilder(s.length() + 2).append('"');
    for (char c : s.toCharArray()) {
      if (c == '"' || c == '\\') {
        b.append('\\').append(c);
      } else if (c < 0x20) {
        b.append(String.format("\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    return b.append('"').toString();
  }

  /** The counters: published, delivered, duplicates, lost, fetches…, rejected by reason. */
  public synchronized Map<String, Long> stats() {
    return new LinkedHashMap<>(counters);
  }

  /** The current filters of this node's subscriptions. */
  public List<String> filters() {
    return subs.stream().map(s -> s.filter).toList();
  }

  /** Stops; writes the cursors and forces the logs to disk. */
  @Override
  public void close() {
    synchronized (outbox) {
      stoppedPublishing = true;
    }
    flush(); // what was published goes out (and into the log) before the stop
    synchronized (delivering) {
      stopped = true; // waits for deliveries under way
    }
    synchronized (this) {
      closed = true;
      if (tick != null) {
        tick.cancel();
      }
      cursors.flush();
    }
    logs.sync();
  }
}
