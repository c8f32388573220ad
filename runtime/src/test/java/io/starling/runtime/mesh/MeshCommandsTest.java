package io.starling.runtime.mesh;

import static org.assertj.core.api.Assertions.assertThat;

import io.starling.runtime.command.CommandMessage;
import io.starling.runtime.command.CommandService;
import io.starling.runtime.command.MeshCommands;
import io.starling.runtime.command.Rejection;
import io.starling.runtime.driver.ActuatorChannel;
import io.starling.runtime.driver.Backoff;
import io.starling.runtime.driver.RuntimeDriverContext;
import io.starling.runtime.driver.spi.DriverConfig;
import io.starling.runtime.driver.spi.Value;
import io.starling.runtime.identity.KeyFiles;
import io.starling.runtime.identity.NodeIdentity;
import io.starling.runtime.mesh.MeshSim.SimNode;
import io.starling.runtime.node.NoHardwareForTests;
import io.starling.runtime.profile.ActuatorSpec;
import io.starling.runtime.testing.FakeSwitchFactory;
import io.starling.runtime.trust.DeviceCertificate;
import io.starling.runtime.trust.DeviceFiles;
import io.starling.runtime.trust.EnvelopeVerifier;
import io.starling.runtime.trust.ReplayGuard;
import io.starling.runtime.trust.TrustStore;
import io.starling.runtime.wire.cose.StarlingEnvelope;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A command three hops away over links that lose 20% of datagrams: routed, authorised at the
 * target, applied once however often it is retried, and answered.
 */
class MeshCommandsTest {

  private static final SecureRandom RANDOM = new SecureRandom();

  @TempDir Path dir;

  private long seq = 1000;

  private record Signer(NodeIdentity key, DeviceCertificate cert) {}

  private Signer enroll(MeshSim sim, String name, String group) throws Exception {
    Path d = dir.resolve("people").resolve(name);
    DeviceCertificate cert =
        DeviceFiles.enroll(sim.ca(), d, name, List.of(group), Duration.ofDays(30), RANDOM);
    return new Signer(KeyFiles.load(d.resolve(DeviceFiles.NODE_KEY)), cert);
  }

  private MeshCommands commands(MeshSim sim, SimNode node, CommandService local)
      throws java.io.IOException {
    EnvelopeVerifier answers =
        new EnvelopeVerifier(
            TrustStore.forCa(sim.ca().certificate(), null),
            ReplayGuard.defaults(),
            sim.scheduler.clock());
    answers.certificateSource(node.routing()::certificate);
    return new MeshCommands(
        node.identity,
        io.starling.runtime.identity.SequenceCounter.open(dir.resolve(node.name + "-cmd.seq")),
        node.stack.router(),
        answers,
        local,
        sim.scheduler,
        sim.scheduler.clock());
  }

  /** Sends until answered, each attempt a new envelope with the same id; returns the answer. */
  private MeshCommands.Answer send(
      MeshSim sim, MeshCommands gateway, SimNode target, Signer who, String id, int[] attempts) {
    for (int attempt = 1; attempt <= 30; attempt++) {
      attempts[0] = attempt;
      byte[] envelope =
          StarlingEnvelope.sign(
              who.key(),
              ++seq,
              sim.scheduler.now(),
              50,
              new CommandMessage(target.id(), "fan", Value.of(true), id).toJson(),
              Optional.of(who.cert().der()));
      CompletableFuture<MeshCommands.Answer> f =
          gateway.send(target.id(), envelope, Duration.ofMillis(400));
      while (!f.isDone()) {
        sim.advance(Duration.ofMillis(10));
      }
      if (f.join().outcome() != MeshCommands.Outcome.TIMEOUT) {
        return f.join();
      }
    }
    throw new AssertionError("no answer in 30 attempts");
  }

  @Test
  void a_command_three_hops_away_with_20_percent_loss_is_applied_once_and_acknowledged()
      throws Exception {
    MeshSim sim = new MeshSim(dir, 7, NeighbourSettings.lan(), RoutingSettings.lan());
    SimNode gw = sim.add("gw");
    SimNode r1 = sim.add("r1");
    SimNode r2 = sim.add("r2");
    SimNode target = sim.add("target");
    sim.link(gw, r1);
    sim.link(r1, r2);
    sim.link(r2, target);
    sim.network.loss(0.2);
    sim.startAll();
    sim.awaitConverged(Duration.ofSeconds(15));
    assertThat(gw.routing().routes().get(target.id()).hops()).isEqualTo(3);

    ActuatorChannel fan =
        new ActuatorChannel(
            new ActuatorSpec("fan", "fake-switch", DriverConfig.empty(), List.of("operators")),
            new FakeSwitchFactory(),
            RuntimeDriverContext.of(
                "fake-switch",
                "fan",
                DriverConfig.empty(),
                sim.scheduler.clock(),
                NoHardwareForTests.hardware()),
            sim.scheduler,
            sim.scheduler.clock(),
            Backoff.DEFAULT);
    fan.start();
    TrustStore trust = TrustStore.forCa(sim.ca().certificate(), null);
    CommandService atTarget =
        new CommandService(
            target.id(),
            "target",
            Map.of("fan", fan),
            trust,
            dir.resolve("floors"),
            sim.scheduler.clock());
    CommandService atGateway =
        new CommandService(
            gw.id(), "gw", Map.of(), trust, dir.resolve("gw-floors"), sim.scheduler.clock());
    commands(sim, target, atTarget);
    MeshCommands gateway = commands(sim, gw, atGateway);
    Signer alice = enroll(sim, "alice", "operators");
    Signer bob = enroll(sim, "bob", "viewers");

    int[] attempts = {0};
    MeshCommands.Answer ok = send(sim, gateway, target, alice, "fan-on-1", attempts);

    assertThat(ok.outcome()).isEqualTo(MeshCommands.Outcome.ANSWERED);
    assertThat(ok.status()).isEqualTo(Rejection.Status.CHANGED);
    assertThat(fan.state().orElseThrow().value()).isEqualTo(Value.of(true));
    // however many attempts reached the target, it applied the command once
    sim.advance(Duration.ofSeconds(2));
    assertThat(atTarget.stats().acceptedCount()).isEqualTo(1);
    assertThat(atTarget.stats().acceptedCount() + atTarget.stats().duplicateCount())
        .isGreaterThanOrEqualTo(1);

    MeshCommands.Answer refused = send(sim, gateway, target, bob, "fan-on-2", attempts);
    assertThat(refused.status()).isEqualTo(Rejection.Status.FORBIDDEN);
    assertThat(new String(refused.payload(), java.nio.charset.StandardCharsets.UTF_8))
        .startsWith("FORBIDDEN");
    assertThat(atTarget.stats().acceptedCount()).isEqualTo(1);
  }
}
