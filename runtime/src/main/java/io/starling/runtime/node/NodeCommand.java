package io.starling.runtime.node;

import io.starling.runtime.command.CommandMessage;
import io.starling.runtime.command.MeshCommands;
import io.starling.runtime.driver.spi.Value;
import io.starling.runtime.identity.NodeId;
import io.starling.runtime.schedule.TaskScheduler;
import io.starling.runtime.wire.cose.StarlingEnvelope;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** One command sent by the node itself (the embedding API), with its retries. */
final class NodeCommand {

  private static final SecureRandom RANDOM = new SecureRandom();

  private final MeshMembership mesh;
  private final Optional<byte[]> certificate;
  private final TaskScheduler scheduler;
  private final Clock clock;

  NodeCommand(
      MeshMembership mesh, Optional<byte[]> certificate, TaskScheduler scheduler, Clock clock) {
    this.mesh = mesh;
    this.certificate = certificate;
    this.scheduler = scheduler;
    this.clock = clock;
  }

  CompletableFuture<CommandReply> run(
      String target, String actuator, Value value, Duration timeout) {
    CompletableFuture<CommandReply> result = new CompletableFuture<>();
    byte[] idBytes = new byte[8];
    RANDOM.nextBytes(idBytes);
    String id = HexFormat.of().formatHex(idBytes);
    Optional<NodeId> to = mesh.resolve(target);
    if (to.isEmpty()) {
      result.complete(
          new CommandReply(
              target, actuator, id, "NO_ROUTE", "no node called '" + target + "' in the mesh", 0));
      return result;
    }
    Instant deadline = clock.instant().plus(timeout);
    Duration attempt =
        timeout.dividedBy(4).compareTo(Duration.ofMillis(100)) < 0
            ? Duration.ofMillis(100)
            : timeout.dividedBy(4);
    send(target, to.get(), actuator, value, id, attempt, deadline, 1, result);
    return result;
  }

  private void send(
      String target,
      NodeId to,
      String actuator,
      Value value,
      String id,
      Duration attempt,
      Instant deadline,
      int n,
      CompletableFuture<CommandReply> result) {
    byte[] envelope;
    try {
      envelope =
          StarlingEnvelope.sign(
              mesh.identity(),
              mesh.sequence().next(),
              clock.instant(),
              CommandMessage.CONTENT_FORMAT,
              new CommandMessage(to, actuator, value, id).toJson(),
              certificate);
    } catch (IOException e) {
      result.complete(new CommandReply(target, actuator, id, "UNAVAILABLE", e.getMessage(), n));
      return;
    }
    mesh.routeCommand(to.toString(), envelope, attempt)
        .thenAccept(
            a -> {
              String text = new String(a.payload(), StandardCharsets.UTF_8);
              if (a.outcome() == MeshCommands.Outcome.TIMEOUT
                  && clock.instant().plus(attempt).isBefore(deadline.plusMillis(1))) {
                send(target, to, actuator, value, id, attempt, deadline, n + 1, result);
              } else if (a.outcome() == MeshCommands.Outcome.ANSWERED) {
                result.complete(new CommandReply(target, actuator, id, a.status().name(), text, n));
              } else {
                result.complete(
                    new CommandReply(target, actuator, id, a.outcome().name(), text, n));
              }
            });
  }
}
