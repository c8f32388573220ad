package io.starling.runtime.mesh;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.starling.runtime.identity.NodeId;
import io.starling.runtime.identity.NodeIdentity;
import io.starling.runtime.identity.SequenceCounter;
import io.starling.runtime.schedule.TaskScheduler;
import io.starling.runtime.trust.EnvelopeVerifier;
import io.starling.runtime.wire.cose.StarlingEnvelope;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * End-to-end reachability across the mesh: a ping signed by its origin is routed to the target,
 * which verifies it and routes back a pong signed by itself, which the origin verifies. Neither
 * relay can forge or alter either. Payloads (JSON): {@code {"ping":7}} and {@code
 * {"pong":7,"hops":3}}.
 */
public final class MeshPing {

  /** The routed channel of pings and pongs. */
  public static final String CHANNEL = "ping";

  private static final Logger LOG = LoggerFactory.getLogger(MeshPing.class);
  private static final JsonFactory JSON = new JsonFactory();

  /** How a ping ended. */
  public enum Outcome {
    /** A verified pong came back. */
    REPLIED,
    /** No route to the target is known. */
    NO_ROUTE,
    /** No verified pong within the timeout. */
    TIMEOUT
  }

  /**
   * The result of one ping.
   *
   * @param target the node pinged
   * @param outcome how it ended
   * @param rtt the round-trip time, if it replied
   * @param hopsThere hops the ping took, if it replied
   * @param hopsBack hops the pong took, if it replied
   */
  public record Reply(NodeId target, Outcome outcome, Duration rtt, int hopsThere, int hopsBack) {}

  private record Pending(NodeId target, Instant sent, CompletableFuture<Reply> future) {}

  private final NodeIdentity identity;
  private final SequenceCounter sequence;
  private final Router router;
  private final EnvelopeVerifier verifier;
  private final TaskScheduler scheduler;
  private final Clock clock;
  private final Map<Long, Pending> pending = new HashMap<>();
  private long next;

  /**
   * Pings from {@code identity} over {@code router}; {@code verifier} checks pings and pongs (its
   * certificate source should be the link-state database).
   */
  public MeshPing(
      NodeIdentity identity,
      SequenceCounter sequence,
      Router router,
      EnvelopeVerifier verifier,
      TaskScheduler scheduler,
      Clock clock) {
    this.identity = identity;
    this.sequence = sequence;
    this.router = router;
    this.verifier = verifier;
    this.scheduler = scheduler;
    this.clock = clock;
    router.register(CHANNEL, this::receive);
  }

  /** Pings {@code target}; the future completes with the reply, or a failed outcome. */
  public CompletableFuture<Reply> ping(NodeId target, Duration timeout) {
    CompletableFuture<Reply> future = new CompletableFuture<>();
    long n;
    Instant now = clock.instant();
    synchronized (this) {
      n = ++next;
      pending.put(n, new Pending(target, now, future));
    }
    byte[] message;
    try {
      message = sign(json("ping", n, -1), now);
    } catch (IOException e) {
      remove(n);
      future.completeExceptionally(e);
      return future;
    }
    if (!router.send(target, CHANNEL, message)) {
      remove(n);
      future.complete(new Reply(target, Outcome.NO_ROUTE, null, 0, 0));
      return future;
    }
    TaskScheduler.Cancellable timer =
        scheduler.schedule(
            timeout,
            () -> {
              if (remove(n) != null) {
                future.complete(new Reply(target, Outcome.TIMEOUT, null, 0, 0));
              }
            });
    future.whenComplete((r, e) -> timer.cancel());
    return future;
  }

  private synchronized Pending remove(long n) {
    return pending.remove(n);
  }

  private void receive(byte[] message, int hops) {
    EnvelopeVerifier.Result result = verifier.verify(message);
    if (result instanceof EnvelopeVerifier.Failed f) {
      LOG.debug("ping refused: {} ({})", f.reason(), f.detail());
      return;
    }
    EnvelopeVerifier.Verified v = (EnvelopeVerifier.Verified) result;
    long[] parsed = parse(v.envelope().payload());
    if (parsed == null) {
      LOG.debug("malformed ping from {}", v.envelope().kid());
      return;
    }
    NodeId origin = v.envelope().kid();
    if (parsed[0] == 0) {
      try {
        router.send(origin, CHANNEL, sign(json("pong", parsed[1], hops), clock.instant()));
      } catch (IOException e) {
        LOG.warn("cannot reserve a sequence number for a pong: {}", e.getMessage());
      }
      return;
    }
    Pending p;
    synchronized (this) {
      p = pending.get(parsed[1]);
      if (p == null || !p.target().equals(origin)) {
        return;
      }
      pending.remove(parsed[1]);
    }
    Duration rtt = Duration.between(p.sent(), clock.instant());
    p.future().complete(new Reply(origin, Outcome.REPLIED, rtt, (int) parsed[2], hops));
  }

  private byte[] sign(byte[] payload, Instant now) throws IOException {
    return StarlingEnvelope.sign(identity, sequence.next(), now, 50, payload);
  }

  private static byte[] json(String kind, long n, int hops) {
    String s =
        hops < 0
            ? "{\"" + kind + "\":" + n + "}"
            : "{\"" + kind + "\":" + n + ",\"hops\":" + hops + "}";
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  /** {kind (0 ping, 1 pong), n, hops} or null. */
  private static long[] parse(byte[] payload) {
    long kind = -1;
    long n = -1;
    long hops = 0;
    try (JsonParser p = JSON.createParser(payload)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        if (p.nextToken() != JsonToken.VALUE_NUMBER_INT) {
          return null;
        }
        switch (field) {
          case "ping" -> {
            kind = 0;
            n = p.getLongValue();
          }
          case "pong" -> {
            kind = 1;
            n = p.getLongValue();
          }
          case "hops" -> hops = p.getLongValue();
          default -> {}
        }
      }
    } catch (IOException e) {
      return null;
    }
    return kind < 0 ? null : new long[] {kind, n, hops};
  }
}
