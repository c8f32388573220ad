package io.starling.runtime.command;

import io.starling.runtime.driver.ActuatorChannel;
import io.starling.runtime.driver.spi.ActuatorState;
import io.starling.runtime.driver.spi.DriverException;
import io.starling.runtime.driver.spi.InvalidCommandException;
import io.starling.runtime.driver.spi.Reading;
import io.starling.runtime.identity.NodeId;
import io.starling.runtime.trust.EnvelopeVerifier;
import io.starling.runtime.trust.ReplayFloorFile;
import io.starling.runtime.trust.ReplayGuard;
import io.starling.runtime.trust.TrustStore;
import io.starling.runtime.trust.TrustedIdentity;
import io.starling.runtime.wire.SenmlCodec;
import io.starling.runtime.wire.cose.StarlingEnvelope;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verifies, authorises and applies commands to this node's actuators. The checks, in order:
 *
 * <ol>
 *   <li>the request is a COSE_Sign1 (content format 18) — else {@link Rejection#UNSIGNED};
 *   <li>the node has a trust anchor — else {@link Rejection#NO_TRUST_CONFIGURED};
 *   <li>the envelope parses (RFC 9052) — else {@link Rejection#MALFORMED};
 *   <li>the signer's certificate (from the envelope's {@code x5chain}, RFC 9360, or cached by
 *       {@code kid}) is valid under the mesh's trust: CA, validity, revocation, allowlist;
 *   <li>{@code kid} is the certificate's node id, and the signature verifies under its key;
 *   <li>the sequence number is fresh for that signer (replay window; floors persisted across
 *       restarts);
 *   <li>the signed command names this node and this actuator;
 *   <li>the signer's groups intersect the actuator's {@code allow} — else 4.03;
 *   <li>a retry (same signer, same idempotency key) gets the first answer without being applied
 *       again.
 * </ol>
 *
 * <p>Nothing a remote sends is thrown to the caller: every refusal is a counted {@link
 * CommandResult}.
 */
public final class CommandService {

  private static final Logger LOG = LoggerFactory.getLogger(CommandService.class);
  private static final int REMEMBERED_COMMANDS = 256;

  private final NodeId self;
  private final String nodeName;
  private final Map<String, ActuatorChannel> actuators;
  private final ReplayGuard replay;
  private final Path floorFile;
  private final CommandStats stats = new CommandStats();
  private final EnvelopeVerifier verifier;
  private final Map<String, CommandResult> done = lru(REMEMBERED_COMMANDS);

  /**
   * @param trust the mesh's trust, or {@code null} if the profile configures none (then every
   *     command is refused)
   * @param floorFile where replay floors are kept across restarts
   */
  public CommandService(
      NodeId self,
      String nodeName,
      Map<String, ActuatorChannel> actuators,
      TrustStore trust,
      Path floorFile,
      Clock clock)
      throws IOException {
    this.self = self;
    this.nodeName = nodeName;
    this.actuators = Map.copyOf(actuators);
    this.floorFile = floorFile;
    this.replay = ReplayGuard.defaults();
    ReplayFloorFile.load(floorFile).forEach(replay::restoreFloor);
    this.verifier = trust == null ? null : new EnvelopeVerifier(trust, replay, clock);
  }

  private static <K, V> Map<K, V> lru(int max) {
    return Collections.synchronizedMap(
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
            return size() > max;
          }
        });
  }

  /** The counters. */
  public CommandStats stats() {
    return stats;
  }

  /** Handles a command request for {@code actuatorName} with the request's content format. */
  public CommandResult handle(String actuatorName, int contentFormat, byte[] body) {
    ActuatorChannel actuator = actuators.get(actuatorName);
    if (actuator == null) {
      return reject(Rejection.WRONG_TARGET, actuatorName, "no actuator named " + actuatorName);
    }
    if (contentFormat != 18 || body == null || body.length == 0) {
      return reject(
          Rejection.UNSIGNED,
          actuatorName,
          "commands must be COSE_Sign1 (content format 18), got " + describe(contentFormat));
    }
    if (verifier == null) {
      return reject(
          Rejection.NO_TRUST_CONFIGURED,
          actuatorName,
          "this node has no security.trust or security.allow, so it accepts no commands");
    }
    EnvelopeVerifier.Result verified = verifier.verify(body);
    if (verified instanceof EnvelopeVerifier.Failed failed) {
      return reject(Rejection.valueOf(failed.reason().name()), actuatorName, failed.detail());
    }
    EnvelopeVerifier.Verified ok = (EnvelopeVerifier.Verified) verified;
    StarlingEnvelope envelope = ok.envelope();
    TrustedIdentity who = ok.identity();
    saveFloors();
    if (envelope.contentFormat() != CommandMessage.CONTENT_FORMAT) {
      return reject(
          Rejection.MALFORMED,
          actuatorName,
          "payload content format " + envelope.contentFormat() + ", expected 50 (JSON)");
    }
    CommandMessage command;
    try {
      command = CommandMessage.parse(envelope.payload());
    } catch (IllegalArgumentException e) {
      return reject(Rejection.MALFORMED, actuatorName, e.getMessage());
    }
    if (!command.to().equals(self) || !command.actuator().equals(actuatorName)) {
      return reject(
          Rejection.WRONG_TARGET,
          actuatorName,
          "signed for " + command.to() + "/" + command.actuator());
    }
    List<String> allow = actuator.spec().allow();
    if (Collections.disjoint(allow, who.groups())) {
      return reject(
          Rejection.FORBIDDEN,
          actuatorName,
          who.name() + " (groups " + who.groups() + ") is not in " + allow);
    }
    return applyOnce(actuator, who, command);
  }

  private CommandResult applyOnce(
      ActuatorChannel actuator, TrustedIdentity who, CommandMessage command) {
    String key = who.id() + "/" + command.id();
    synchronized (done) {
      CommandResult earlier = done.get(key);
      if (earlier != null) {
        stats.duplicate();
        LOG.debug("command {} from {} is a retry; answered without applying", command.id(), who);
        return earlier;
      }
      CommandResult result;
      try {
        ActuatorState state = actuator.apply(command.value());
        stats.accepted();
        LOG.info(
            "actuator {}: set to {} by {} (command {})",
            actuator.name(),
            state.value(),
            who.name(),
            command.id());
        byte[] senml =
            SenmlCodec.toJson(
                nodeName + "/" + actuator.name() + "/",
                List.of(new Reading("state", state.unit(), state.value(), state.since())));
        result = new CommandResult(Rejection.Status.CHANGED, senml, 110, null);
      } catch (InvalidCommandException e) {
        result = reject(Rejection.INVALID_VALUE, actuator.name(), e.getMessage());
      } catch (DriverException e) {
        return reject(Rejection.ACTUATOR_UNAVAILABLE, actuator.name(), e.getMessage());
      }
      done.put(key, result);
      return result;
    }
  }

  private void saveFloors() {
    try {
      ReplayFloorFile.save(floorFile, replay.highestSeen());
    } catch (IOException e) {
      LOG.warn("cannot save replay floors to {}: {}", floorFile, e.getMessage());
    }
  }

  private CommandResult reject(Rejection reason, String actuator, String detail) {
    stats.rejected(reason, actuator, detail);
    return CommandResult.rejected(reason, detail);
  }

  private static String describe(int contentFormat) {
    return contentFormat < 0 ? "none" : Integer.toString(contentFormat);
  }
}
