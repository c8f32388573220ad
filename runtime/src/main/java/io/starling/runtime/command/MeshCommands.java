package io.starling.runtime.command;

import io.starling.runtime.identity.NodeId;
import io.starling.runtime.identity.NodeIdentity;
import io.starling.runtime.identity.SequenceCounter;
import io.starling.runtime.mesh.Router;
import io.starling.runtime.schedule.TaskScheduler;
import io.starling.runtime.trust.EnvelopeVerifier;
import io.starling.runtime.wire.FlatJson;
import io.starling.runtime.wire.cose.StarlingEnvelope;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Commands to actuators anywhere in the mesh, with acknowledgement.
 *
 * <p>A gateway (the node a CLI or the embedding API talks to) routes a command — the signer's
 * envelope, unchanged — to the target on channel {@value #CMD}, prefixed with its own node id so
 * the target knows where to answer. The target hands it to its {@link CommandService}, which
 * verifies the signer, authorises it by the actuator's {@code allow} groups and applies it once per
 * idempotency key, and routes the result back on {@value #ACK}, signed by itself: {@code
 * {"id":"<command id>","status":"CHANGED","cf":110,"body":"<base64>"}}. Relays see neither more nor
 * less than any routed frame; the gateway cannot forge the command (the signer signed it) nor the
 * answer (the target did). Lost frames are retried by the caller with the same idempotency key.
 */
public final class MeshCommands {

  /** Routed channel of commands (gateway → target). */
  public static final String CMD = "cmd";

  /** Routed channel of answers (target → gateway). */
  public static final String ACK = "cmd-ack";

  private static final Logger LOG = LoggerFactory.getLogger(MeshCommands.class);

  /** How a routed command ended, as the gateway sees it. */
  public enum Outcome {
    /** The target answered (applied or refused: see the status). */
    ANSWERED,
    /** No route to the target. */
    NO_ROUTE,
    /** No answer within the timeout. */
    TIMEOUT
  }

  /**
   * The answer to a routed command.
   *
   * @param outcome whether the target answered
   * @param status the target's verdict, if it answered
   * @param contentFormat the payload's content format (110 SenML JSON state, 0 text reason)
   * @param payload the new state or the reason
   */
  public record Answer(
      Outcome outcome, Rejection.Status status, int contentFormat, byte[] payload) {

    static Answer failed(Outcome outcome, String text) {
      return new Answer(outcome, null, 0, text.getBytes(StandardCharsets.UTF_8));
    }
  }

  private final NodeIdentity identity;
  private final SequenceCounter sequence;
  private final Router router;
  private final EnvelopeVerifier verifier;
  private final CommandService local;
  private final TaskScheduler scheduler;
  private final Clock clock;
  private final Map<String, CompletableFuture<Answer>> pending = new HashMap<>();

  /**
   * @param verifier checks answers (its certificate source should be the link-state database)
   * @param local this node's command service, which handles commands routed to it
   */
  public MeshCommands(
      NodeIdentity identity,
      SequenceCounter sequence,
      Router router,
      EnvelopeVerifier verifier,
      CommandService local,
      TaskScheduler scheduler,
      Clock clock) {
    this.identity = identity;
    this.sequence = sequence;
    this.router = router;
    this.verifier = verifier;
    this.local = local;
    this.scheduler = scheduler;
    this.clock = clock;
    router.register(CMD, this::onCommand);
    router.register(ACK, this::onAnswer);
  }

  /**
   * Routes a signed command (an envelope of a {@link CommandMessage}) to {@code target} and waits
   * up to {@code timeout} for its answer. A command for this node is handled here. Never completes
   * exceptionally.
   */
  public CompletableFuture<Answer> send(NodeId target, byte[] signedCommand, Duration timeout) {
    CommandMessage command;
    try {
      command = peek(signedCommand);
    } catch (IllegalArgumentException e) {
      return CompletableFuture.completedFuture(
          new Answer(
              Outcome.ANSWERED,
              Rejection.Status.BAD_REQUEST,
              0,
              ("MALFORMED: " + e.getMessage()).getBytes(StandardCharsets.UTF_8)));
    }
    if (target.equals(identity.id())) {
      CommandResult r = local.handle(command.actuator(), 18, signedCommand);
      return CompletableFuture.completedFuture(
          new Answer(Outcome.ANSWERED, r.status(), r.contentFormat(), r.payload()));
    }
    String key = target + "/" + command.id();
    CompletableFuture<Answer> future;
    synchronized (pending) {
      future = pending.computeIfAbsent(key, k -> new CompletableFuture<>());
    }
    byte[] frame = new byte[NodeId.LENGTH + signedCommand.length];
    System.arraycopy(identity.id().bytes(), 0, frame, 0, NodeId.LENGTH);
    System.arraycopy(signedCommand, 0, frame, NodeId.LENGTH, signedCommand.length);
    if (!router.send(target, CMD, frame)) {
      complete(key, future, Answer.failed(Outcome.NO_ROUTE, "no route to " + target));
      return future;
    }
    TaskScheduler.Cancellable timer =
        scheduler.schedule(
            timeout,
            () ->
                complete(
                    key,
                    future,
                    Answer.failed(
                        Outcome.TIMEOUT,
                        "no answer from " + target + " within " + timeout.toMillis() + " ms")));
    future.whenComplete((answer, e) -> timer.cancel());
    return future;
  }

  /** Completes the pending answer {@code key} if it is still {@code expected} (or any if null). */
  private void complete(String key, CompletableFuture<Answer> expected, Answer answer) {
    CompletableFuture<Answer> f;
    synchronized (pending) {
      f = pending.get(key);
      if (f == null || (expected != null && f != expected)) {
        return;
      }
      pending.remove(key);
    }
    f.complete(answer);
  }

  private static CommandMessage peek(byte[] signedCommand) {
    StarlingEnvelope.OpenResult opened = StarlingEnvelope.open(signedCommand);
    if (opened instanceof StarlingEnvelope.Malformed m) {
      throw new IllegalArgumentException(m.reason());
    }
    return CommandMessage.parse(((StarlingEnvelope.Opened) opened).envelope().payload());
  }

  private void onCommand(byte[] frame, int hops) {
    if (frame.length <= NodeId.LENGTH) {
      return;
    }
    NodeId gateway = NodeId.fromBytes(Arrays.copyOf(frame, NodeId.LENGTH));
    byte[] envelope = Arrays.copyOfRange(frame, NodeId.LENGTH, frame.length);
    CommandMessage command;
    try {
      command = peek(envelope);
    } catch (IllegalArgumentException e) {
      LOG.debug("malformed routed command from gateway {}: {}", gateway, e.getMessage());
      return;
    }
    CommandResult r = local.handle(command.actuator(), 18, envelope);
    String body =
        "{\"id\":\""
            + command.id()
            + "\",\"status\":\""
            + r.status().name()
            + "\",\"cf\":"
            + r.contentFormat()
            + ",\"body\":\""
            + Base64.getEncoder().encodeToString(r.payload())
            + "\"}";
    try {
      router.send(
          gateway,
          ACK,
          StarlingEnvelope.sign(
              identity,
              sequence.next(),
              clock.instant(),
              50,
              body.getBytes(StandardCharsets.UTF_8)));
    } catch (IOException e) {
      LOG.warn("cannot reserve a sequence number for a command answer: {}", e.getMessage());
    }
  }

  private void onAnswer(byte[] message, int hops) {
    EnvelopeVerifier.Result r = verifier.verify(message);
    if (r instanceof EnvelopeVerifier.Failed f) {
      LOG.debug("command answer refused: {} ({})", f.reason(), f.detail());
      return;
    }
    EnvelopeVerifier.Verified v = (EnvelopeVerifier.Verified) r;
    try {
      Map<String, Object> a = FlatJson.parse(v.envelope().payload());
      String key = v.envelope().kid() + "/" + FlatJson.text(a, "id");
      complete(
          key,
          null,
          new Answer(
              Outcome.ANSWERED,
              Rejection.Status.valueOf(FlatJson.text(a, "status")),
              (int) FlatJson.integer(a, "cf"),
              Base64.getDecoder().decode(FlatJson.text(a, "body"))));
    } catch (IllegalArgumentException e) {
      LOG.debug("malformed command answer from {}: {}", v.identity().name(), e.getMessage());
    }
  }
}
