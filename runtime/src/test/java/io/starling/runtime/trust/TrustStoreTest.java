package io.starling.runtime.trust;

import static org.assertj.core.api.Assertions.assertThat;

import io.starling.runtime.identity.NodeIdentity;
import io.starling.runtime.trust.internal.CertificateCodec;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrustStoreTest {

  static final Instant NOW = MeshCaTest.NOW;

  @TempDir Path dir;

  private final SecureRandom random = new SecureRandom();
  private MeshCa ca;
  private NodeIdentity device;
  private DeviceCertificate cert;

  @BeforeEach
  void enroll() throws Exception {
    ca = MeshCaTest.newCa(dir.resolve("ca"));
    device = NodeIdentity.generate(random);
    cert = ca.issue("pump-1", device.publicKey(), List.of("ops"), Duration.ofDays(30));
  }

  private TrustStore caStore() {
    return TrustStore.forCa(ca.certificate(), null);
  }

  private static RejectReason reason(Verdict v) {
    return v.reason().orElseThrow(() -> new AssertionError("accepted: " + v));
  }

  @Test
  void accepts_a_certificate_from_our_ca_with_its_name_id_and_groups() {
    Verdict v = caStore().verify(cert.der(), NOW);

    assertThat(v.isAccepted()).isTrue();
    assertThat(v.identity()).contains(new TrustedIdentity("pump-1", device.id(), Set.of("ops")));
  }

  @Test
  void rejects_an_expired_certificate() {
    Verdict v = caStore().verify(cert, cert.notAfter().plusSeconds(1));

    assertThat(reason(v)).isEqualTo(RejectReason.EXPIRED);
    assertThat(v.detail()).contains("certificate pump-1 expired " + cert.notAfter());
  }

  @Test
  void accepts_through_not_after_inclusive_and_from_not_before_inclusive() {
    assertThat(caStore().verify(cert, cert.notAfter()).isAccepted()).isTrue();
    assertThat(caStore().verify(cert, cert.notBefore()).isAccepted()).isTrue();
  }

  @Test
  void rejects_a_certificate_that_is_not_yet_valid() {
    Verdict v = caStore().verify(cert, cert.notBefore().minusSeconds(1));

    assertThat(reason(v)).isEqualTo(RejectReason.NOT_YET_VALID);
  }

  @Test
  void rejects_a_certificate_from_another_ca() throws Exception {
    MeshCa other =
        MeshCa.init(
            dir.resolve("other"), "other-ca", Duration.ofDays(10), MeshCaTest.CLOCK, random);
    DeviceCertificate foreign =
        other.issue("pump-1", device.publicKey(), List.of("ops"), Duration.ofDays(1));

    Verdict v = caStore().verify(foreign, NOW);

    assertThat(reason(v)).isEqualTo(RejectReason.OTHER_CA);
    assertThat(v.detail()).contains(other.certificate().keyId()).contains(ca.certificate().keyId());
  }

  @Test
  void rejects_a_certificate_whose_signature_does_not_verify_under_our_ca() throws Exception {
    byte[] der = cert.der();
    der[der.length - 1] ^= 1; // last byte of the signature

    Verdict v = caStore().verify(der, NOW);

    assertThat(reason(v)).isEqualTo(RejectReason.UNKNOWN_SIGNER);
  }

  @Test
  void rejects_a_certificate_whose_node_id_is_not_its_keys_hash() throws Exception {
    NodeIdentity caKey = NodeIdentity.generate(random);
    CaCertificate anchor =
        CaCertificate.parse(
            CertificateCodec.caCertificate(
                caKey, "ca", BigInteger.ONE, NOW.minusSeconds(60), NOW.plusSeconds(3600)));
    NodeIdentity victim = NodeIdentity.generate(random);
    byte[] der =
        CertificateCodec.deviceCertificate(
            caKey,
            anchor.der(),
            new CertificateCodec.DeviceFields(
                "imposter",
                victim.id().toString(),
                Set.of(),
                device.publicKey(),
                BigInteger.TWO,
                NOW.minusSeconds(60),
                NOW.plusSeconds(60)));

    Verdict v = TrustStore.forCa(anchor, null).verify(der, NOW);

    assertThat(reason(v)).isEqualTo(RejectReason.ID_MISMATCH);
    assertThat(v.detail())
        .contains("claims node id " + victim.id())
        .contains(device.id().toString());
  }

  @Test
  void rejects_bytes_that_are_not_a_certificate_and_a_ca_certificate() {
    assertThat(reason(caStore().verify(new byte[] {0x30, 0x03, 1, 2, 3}, NOW)))
        .isEqualTo(RejectReason.MALFORMED);
    Verdict v = caStore().verify(ca.certificate().der(), NOW);
    assertThat(reason(v)).isEqualTo(RejectReason.MALFORMED);
    assertThat(v.detail()).contains("is a CA certificate");
  }

  @Test
  void rejects_a_revoked_node_id_and_a_revoked_serial() throws Exception {
    Path revoked = dir.resolve("revoked.txt");
    Files.writeString(revoked, "# lost in the field\n" + device.id() + "\n");
    TrustStore byId =
        TrustStore.forCa(ca.certificate(), RevocationList.watch(revoked, new MutableClock(NOW)));
    Path bySerialFile = dir.resolve("revoked-serial.txt");
    Files.writeString(bySerialFile, cert.serialHex() + "  # replaced\n");
    TrustStore bySerial =
        TrustStore.forCa(
            ca.certificate(), RevocationList.watch(bySerialFile, new MutableClock(NOW)));

    assertThat(reason(byId.verify(cert, NOW))).isEqualTo(RejectReason.REVOKED);
    assertThat(reason(bySerial.verify(cert, NOW))).isEqualTo(RejectReason.REVOKED);
  }

  @Test
  void revocation_takes_effect_without_a_restart_when_the_file_changes() throws Exception {
    Path revoked = dir.resolve("revoked.txt");
    Files.writeString(revoked, "# nobody yet\n");
    Files.setLastModifiedTime(revoked, FileTime.from(NOW.minusSeconds(100)));
    MutableClock clock = new MutableClock(NOW);
    TrustStore store = TrustStore.open(TrustPolicy.ca(dir.resolve("ca/ca.crt"), revoked), clock);
    assertThat(store.verify(cert, NOW).isAccepted()).isTrue();

    Files.writeString(revoked, device.id() + "\n");
    Files.setLastModifiedTime(revoked, FileTime.from(NOW.minusSeconds(50)));
    boolean acceptedWithinTheSecond = store.verify(cert, NOW).isAccepted();
    clock.advance(Duration.ofSeconds(1));
    Verdict after = store.verify(cert, NOW);

    assertThat(acceptedWithinTheSecond)
        .as("the file is looked at at most once per second")
        .isTrue();
    assertThat(reason(after)).isEqualTo(RejectReason.REVOKED);
  }

  @Test
  void allowlist_accepts_a_listed_key_with_the_entrys_name_and_groups_only() throws Exception {
    AllowEntry entry = AllowEntry.parse(device.publicKeyText(), "pump", List.of("admin"));
    TrustStore store = TrustStore.forAllowlist(List.of(entry), null);

    Verdict v = store.verify(cert, NOW);

    assertThat(v.identity()).contains(new TrustedIdentity("pump", device.id(), Set.of("admin")));
    assertThat(store.verifyKey(device.publicKey(), NOW).identity())
        .contains(new TrustedIdentity("pump", device.id(), Set.of("admin")));
  }

  @Test
  void allowlist_by_node_id_without_name_uses_the_certificate_name_and_no_groups()
      throws Exception {
    TrustStore store =
        TrustStore.forAllowlist(
            List.of(AllowEntry.parse(device.id().toString(), null, List.of())), null);

    assertThat(store.verify(cert, NOW).identity())
        .contains(new TrustedIdentity("pump-1", device.id(), Set.of()));
  }

  @Test
  void allowlist_rejects_an_unlisted_key() throws Exception {
    NodeIdentity stranger = NodeIdentity.generate(random);
    TrustStore store =
        TrustStore.forAllowlist(
            List.of(AllowEntry.parse(stranger.publicKeyText(), null, List.of())), null);

    assertThat(reason(store.verify(cert, NOW))).isEqualTo(RejectReason.NOT_ALLOWED);
    assertThat(reason(store.verifyKey(device.publicKey(), NOW)))
        .isEqualTo(RejectReason.NOT_ALLOWED);
  }

  @Test
  void ca_mode_does_not_admit_a_bare_key() {
    assertThat(reason(caStore().verifyKey(device.publicKey(), NOW)))
        .isEqualTo(RejectReason.UNKNOWN_SIGNER);
  }

  @Test
  void an_expired_ca_certificate_expires_what_it_issued() throws Exception {
    Clock early = Clock.fixed(NOW, ZoneOffset.UTC);
    MeshCa shortLived =
        MeshCa.init(dir.resolve("short"), "short", Duration.ofDays(2), early, random);
    DeviceCertificate c = shortLived.issue("n1", device.publicKey(), List.of(), Duration.ofDays(1));

    Verdict v =
        TrustStore.forCa(shortLived.certificate(), null).verify(c, NOW.plus(Duration.ofDays(3)));

    assertThat(reason(v)).isEqualTo(RejectReason.EXPIRED);
  }
}
