package io.starling.runtime.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.starling.runtime.driver.ActuatorChannel;
import io.starling.runtime.driver.Backoff;
import io.starling.runtime.driver.RuntimeDriverContext;
import io.starling.runtime.driver.spi.DriverConfig;
import io.starling.runtime.driver.spi.Value;
import io.starling.runtime.identity.KeyFiles;
import io.starling.runtime.identity.NodeId;
import io.starling.runtime.identity.NodeIdentity;
import io.starling.runtime.node.NoHardwareForTests;
import io.starling.runtime.profile.ActuatorSpec;
import io.starling.runtime.schedule.ManualScheduler;
import io.starling.runtime.testing.FakeSwitchFactory;
import io.starling.runtime.trust.DeviceCertificate;
import io.starling.runtime.trust.DeviceFiles;
import io.starling.runtime.trust.MeshCa;
import io.starling.runtime.trust.RevocationList;
import io.starling.runtime.trust.TrustStore;
import io.starling.runtime.wire.cose.CoseHeaders;
import io.starling.runtime.wire.cose.CoseSign1;
import io.starling.runtime.wire.cose.StarlingEnvelope;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every way a command can be refused, each with its own reason and counter, against a real mesh CA,
 * real certificates and real Ed25519 signatures; and that nothing refused changes the actuator.
 */
class CommandServiceTest {

  private static final SecureRandom RANDOM = new SecureRandom();

  @TempDir Path dir;

  private final Clock clock = Clock.systemUTC();
  private final NodeIdentity node = NodeIdentity.generate(RANDOM);
  private MeshCa ca;
  private Signer alice; // operators: allowed
  private Signer bob; // viewers: not allowed
  private ActuatorChannel fan;
  private CommandService service;
  private long seq = 100;

  private record Signer(NodeIdentity key, DeviceCertificate cert) {}

  @BeforeEach
  void setUp() throws Exception {
    ca = MeshCa.init(dir.resolve("ca"), "test-ca", Duration.ofDays(3650));
    alice = enroll(ca, "alice", "operators");
    bob = enroll(ca, "bob", "viewers");
    fan =
        new ActuatorChannel(
            new ActuatorSpec("fan", "fake-switch", DriverConfig.empty(), List.of("operators")),
            new FakeSwitchFactory(),
            RuntimeDriverContext.of(
                "fake-switch", "fan", DriverConfig.empty(), clock, NoHardwareForTests.hardware()),
            new ManualScheduler(Instant.now()),
            clock,
            Backoff.DEFAULT);
    fan.start();
    service = service(TrustStore.forCa(ca.certificate(), null));
  }

  private CommandService service(TrustStore trust) throws Exception {
    return new CommandService(
        node.id(), "node-a", Map.of("fan", fan), trust, dir.resolve("replay-floors"), clock);
  }

  private Signer enroll(MeshCa issuer, String name, String group) throws Exception {
    Path d = dir.resolve(name);
    DeviceCertificate cert =
        DeviceFiles.enroll(issuer, d, name, List.of(group), Duration.ofDays(30), RANDOM);
    return new Signer(KeyFiles.load(d.resolve(DeviceFiles.NODE_KEY)), cert);
  }

  private CommandMessage switchOn() {
    return new CommandMessage(node.id(), "fan", Value.of(true), "command-" + seq);
  }

  private byte[] signed(Signer s, CommandMessage m) {
    return StarlingEnvelope.sign(
        s.key(), ++seq, clock.instant(), 50, m.toJson(), Optional.of(s.cert().der()));
  }

  private CommandResult post(byte[] body) {
    return service.handle("fan", 18, body);
  }

  private boolean fanIsOn() {
    return fan.state().orElseThrow().value().equals(Value.of(true));
  }

  private void assertRefused(CommandResult result, Rejection reason) {
    assertThat(result.rejection()).isEqualTo(reason);
    assertThat(result.status()).isEqualTo(reason.status());
    assertThat(service.stats().rejectedCount(reason)).isEqualTo(1);
    assertThat(service.stats().acceptedCount()).isZero();
    assertThat(fanIsOn()).as("a refused command must not change the actuator").isFalse();
  }

  @Test
  void applies_a_command_signed_by_a_member_of_an_allowed_group() {
    CommandResult result = post(signed(alice, switchOn()));

    assertThat(result.status()).isEqualTo(Rejection.Status.CHANGED);
    assertThat(new String(result.payload())).contains("\"n\":\"state\"", "\"vb\":true");
    assertThat(fanIsOn()).isTrue();
    assertThat(service.stats().acceptedCount()).isEqualTo(1);
  }

  @Test
  void refuses_an_unsigned_command_with_401() {
    assertRefused(service.handle("fan", 50, switchOn().toJson()), Rejection.UNSIGNED);
  }

  @Test
  void refuses_garbage_in_a_cose_envelope_with_400() {
    assertRefused(post(new byte[] {(byte) 0xd2, (byte) 0x84, 0x01}), Rejection.MALFORMED);
  }

  @Test
  void refuses_a_tampered_payload_as_a_bad_signature() {
    byte[] message = signed(alice, switchOn());
    int at = indexOf(message, "\"value\":true".getBytes());
    message[at + "\"value\":".length()] = 'T'; // still valid CBOR, different payload

    assertRefused(post(message), Rejection.BAD_SIGNATURE);
  }

  @Test
  void refuses_a_tampered_protected_header_as_a_bad_signature() {
    StarlingEnvelope.Opened opened =
        (StarlingEnvelope.Opened) StarlingEnvelope.open(signed(alice, switchOn()));
    byte[] message = opened.message().encode();
    byte[] prot = opened.message().protectedBytes();
    int at = indexOf(message, prot);
    message[at + prot.length - 1] ^= 0x01; // the last byte of the signed time

    assertRefused(post(message), Rejection.BAD_SIGNATURE);
  }

  @Test
  void refuses_a_message_signed_with_another_key_under_a_members_kid() throws Exception {
    Signer mallory = enroll(ca, "mallory", "viewers");
    CoseHeaders prot =
        CoseHeaders.builder()
            .put(CoseHeaders.ALG, CoseHeaders.ALG_EDDSA)
            .put(CoseHeaders.CONTENT_TYPE, 50)
            .put(CoseHeaders.KID, alice.cert().nodeId().bytes())
            .put(CoseHeaders.STARLING_SEQ, ++seq)
            .put(CoseHeaders.STARLING_TIME, clock.millis())
            .build();
    CoseHeaders unprot = CoseHeaders.builder().put(CoseHeaders.X5CHAIN, alice.cert().der()).build();
    byte[] forged = CoseSign1.sign(mallory.key(), prot, unprot, switchOn().toJson()).encode();

    assertRefused(post(forged), Rejection.BAD_SIGNATURE);
  }

  @Test
  void refuses_a_kid_that_is_not_the_certificates_node_id() throws Exception {
    // bob signs (kid = bob) but attaches alice's certificate to borrow her groups
    byte[] message =
        StarlingEnvelope.sign(
            bob.key(),
            ++seq,
            clock.instant(),
            50,
            switchOn().toJson(),
            Optional.of(alice.cert().der()));

    assertRefused(post(message), Rejection.KID_MISMATCH);
  }

  @Test
  void refuses_a_signer_whose_certificate_it_does_not_have() {
    byte[] message =
        StarlingEnvelope.sign(alice.key(), ++seq, clock.instant(), 50, switchOn().toJson());

    assertRefused(post(message), Rejection.UNKNOWN_SIGNER);
  }

  @Test
  void caches_a_signers_certificate_by_kid_after_one_verified_message() {
    post(signed(alice, switchOn()));
    CommandMessage off = new CommandMessage(node.id(), "fan", Value.of(false), "command-off-1");

    CommandResult result =
        post(StarlingEnvelope.sign(alice.key(), ++seq, clock.instant(), 50, off.toJson()));

    assertThat(result.status()).isEqualTo(Rejection.Status.CHANGED);
    assertThat(fanIsOn()).isFalse();
  }

  @Test
  void refuses_an_expired_certificate() throws Exception {
    Clock past = Clock.fixed(Instant.now().minus(Duration.ofDays(400)), ZoneOffset.UTC);
    MeshCa oldCa =
        MeshCa.init(dir.resolve("old-ca"), "old-ca", Duration.ofDays(3650), past, RANDOM);
    Signer old = enroll(oldCa, "carol", "operators");
    service = service(TrustStore.forCa(oldCa.certificate(), null));

    assertRefused(post(signed(old, switchOn())), Rejection.CERTIFICATE_EXPIRED);
  }

  @Test
  void refuses_a_certificate_that_is_not_valid_yet() throws Exception {
    Clock future = Clock.fixed(Instant.now().plus(Duration.ofDays(2)), ZoneOffset.UTC);
    MeshCa newCa =
        MeshCa.init(dir.resolve("new-ca"), "new-ca", Duration.ofDays(3650), future, RANDOM);
    Signer early = enroll(newCa, "dave", "operators");
    service = service(TrustStore.forCa(newCa.certificate(), null));

    assertRefused(post(signed(early, switchOn())), Rejection.CERTIFICATE_NOT_YET_VALID);
  }

  @Test
  void refuses_a_certificate_from_another_ca() throws Exception {
    MeshCa other = MeshCa.init(dir.resolve("other-ca"), "other-ca", Duration.ofDays(3650));
    Signer eve = enroll(other, "eve", "operators");

    assertRefused(post(signed(eve, switchOn())), Rejection.CERTIFICATE_OTHER_CA);
  }

  @Test
  void refuses_a_revoked_certificate() throws Exception {
    Path revoked = dir.resolve("revoked.txt");
    Files.writeString(revoked, alice.cert().nodeId() + "\n");
    service = service(TrustStore.forCa(ca.certificate(), RevocationList.watch(revoked, clock)));

    assertRefused(post(signed(alice, switchOn())), Rejection.CERTIFICATE_REVOKED);
  }

  @Test
  void refuses_a_replayed_message() {
    byte[] message =
        signed(alice, new CommandMessage(node.id(), "fan", Value.of(false), "command-0001"));
    assertThat(post(message).status()).isEqualTo(Rejection.Status.CHANGED);

    CommandResult replay = post(message);

    assertThat(replay.rejection()).isEqualTo(Rejection.REPLAYED);
    assertThat(replay.status()).isEqualTo(Rejection.Status.UNAUTHORIZED);
    assertThat(service.stats().rejectedCount(Rejection.REPLAYED)).isEqualTo(1);
  }

  @Test
  void refuses_a_stale_sequence_number_after_the_receiver_restarts() throws Exception {
    byte[] early =
        signed(alice, new CommandMessage(node.id(), "fan", Value.of(false), "command-0001"));
    byte[] late =
        signed(alice, new CommandMessage(node.id(), "fan", Value.of(false), "command-0002"));
    assertThat(post(late).status()).isEqualTo(Rejection.Status.CHANGED);

    service = service(TrustStore.forCa(ca.certificate(), null)); // a restart: floors from disk

    assertRefused(post(early), Rejection.STALE);
    assertThat(post(late).rejection()).isEqualTo(Rejection.STALE);
  }

  @Test
  void refuses_a_member_without_an_allowed_group_with_403() {
    CommandResult result = post(signed(bob, switchOn()));

    assertRefused(result, Rejection.FORBIDDEN);
    assertThat(new String(result.payload())).contains("bob", "viewers", "operators");
  }

  @Test
  void refuses_a_command_signed_for_another_node() {
    NodeId elsewhere = NodeIdentity.generate(RANDOM).id();

    assertRefused(
        post(signed(alice, new CommandMessage(elsewhere, "fan", Value.of(true), "command-0003"))),
        Rejection.WRONG_TARGET);
  }

  @Test
  void refuses_a_value_the_actuator_does_not_take() {
    assertRefused(
        post(signed(alice, new CommandMessage(node.id(), "fan", Value.of(75), "command-0004"))),
        Rejection.INVALID_VALUE);
  }

  @Test
  void refuses_every_command_when_no_trust_is_configured() throws Exception {
    service = service(null);

    assertRefused(post(signed(alice, switchOn())), Rejection.NO_TRUST_CONFIGURED);
  }

  @Test
  void applies_a_retry_with_the_same_idempotency_key_once() throws Exception {
    CommandMessage toggle = new CommandMessage(node.id(), "fan", Value.of(true), "retry-key-1");
    CommandResult first = post(signed(alice, toggle));
    fan.apply(Value.of(false)); // someone else switches it off meanwhile

    CommandResult retry = post(signed(alice, toggle)); // new envelope, new seq, same id

    assertThat(retry.status()).isEqualTo(Rejection.Status.CHANGED);
    assertThat(retry.payload()).isEqualTo(first.payload());
    assertThat(fanIsOn()).as("the retry was not applied again").isFalse();
    assertThat(service.stats().acceptedCount()).isEqualTo(1);
    assertThat(service.stats().duplicateCount()).isEqualTo(1);
  }

  @Test
  void counts_each_rejection_reason_separately() throws Exception {
    service.handle("fan", 50, new byte[] {1});
    post(new byte[] {1, 2, 3});
    post(signed(bob, switchOn()));
    post(signed(bob, switchOn()));

    Map<Rejection, Long> counts = service.stats().rejectedCounts();
    assertThat(counts).containsEntry(Rejection.UNSIGNED, 1L);
    assertThat(counts).containsEntry(Rejection.MALFORMED, 1L);
    assertThat(counts).containsEntry(Rejection.FORBIDDEN, 2L);
    assertThat(counts.keySet()).isEqualTo(Set.of(Rejection.values()));
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i <= haystack.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    throw new AssertionError("not found");
  }
}
