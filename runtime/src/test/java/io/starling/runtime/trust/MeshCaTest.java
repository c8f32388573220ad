package io.starling.runtime.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.starling.runtime.identity.NodeId;
import io.starling.runtime.identity.NodeIdentity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MeshCaTest {

  static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
  static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  @TempDir Path dir;

  static MeshCa newCa(Path dir) throws Exception {
    return MeshCa.init(dir, "test-ca", Duration.ofDays(3650), CLOCK, new SecureRandom());
  }

  @Test
  void init_writes_a_0600_key_and_a_self_signed_ca_certificate() throws Exception {
    MeshCa ca = newCa(dir);

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("ca.key"))))
        .isEqualTo("rw-------");
    assertThat(Files.readString(dir.resolve("ca.key"))).startsWith("-----BEGIN PRIVATE KEY-----");
    assertThat(Files.readString(dir.resolve("ca.crt"))).startsWith("-----BEGIN CERTIFICATE-----");
    CaCertificate cert = CaCertificate.readPem(dir.resolve("ca.crt"));
    assertThat(cert.name()).isEqualTo("test-ca");
    assertThat(cert.notBefore()).isEqualTo(NOW.minus(Duration.ofMinutes(1)));
    assertThat(cert.notAfter()).isEqualTo(cert.notBefore().plus(Duration.ofDays(3650)));
    assertThat(cert.serial().signum()).isPositive();
    assertThat(cert.serial().bitLength()).isLessThanOrEqualTo(128);
    assertThat(cert.keyId()).isEqualTo(ca.certificate().keyId()).hasSize(40);
  }

  @Test
  void init_refuses_to_overwrite_an_existing_ca() throws Exception {
    newCa(dir);
    String before = Files.readString(dir.resolve("ca.key"));

    assertThatThrownBy(() -> newCa(dir))
        .isInstanceOf(TrustException.class)
        .hasMessageContaining("ca.key already exists; refusing to overwrite a mesh CA");
    assertThat(Files.readString(dir.resolve("ca.key"))).isEqualTo(before);
  }

  @Test
  void load_reads_back_the_same_ca() throws Exception {
    MeshCa created = newCa(dir);

    MeshCa loaded = MeshCa.load(dir, CLOCK, new SecureRandom());

    assertThat(loaded.certificate().der()).isEqualTo(created.certificate().der());
  }

  @Test
  void load_names_a_missing_ca_directory() {
    Path missing = dir.resolve("nope");

    assertThatThrownBy(() -> MeshCa.load(missing))
        .isInstanceOf(TrustException.class)
        .hasMessage(
            missing + ": no such CA directory; create one with: starling ca init --out " + missing);
  }

  @Test
  void issues_a_certificate_with_name_node_id_groups_and_validity() throws Exception {
    MeshCa ca = newCa(dir);
    NodeIdentity device = NodeIdentity.generate(new SecureRandom());

    DeviceCertificate cert =
        ca.issue("pump-1", device.publicKey(), List.of("ops", "admin"), Duration.ofDays(30));

    assertThat(cert.name()).isEqualTo("pump-1");
    assertThat(cert.nodeId()).isEqualTo(device.id());
    assertThat(cert.idMatchesKey()).isTrue();
    assertThat(cert.groups()).containsExactly("admin", "ops");
    assertThat(cert.notAfter()).isEqualTo(cert.notBefore().plus(Duration.ofDays(30)));
    assertThat(cert.issuerKeyId()).isEqualTo(ca.certificate().keyId());
    assertThat(cert.publicKey()).isEqualTo(device.publicKey());
    assertThat(cert.serialHex()).hasSizeGreaterThanOrEqualTo(32);
    assertThat(DeviceCertificate.parse(cert.der()).nodeId())
        .isEqualTo(NodeId.fromPublicKey(device.publicKey()));
  }

  @Test
  void refuses_a_bad_group_name_and_a_certificate_outliving_the_ca() throws Exception {
    MeshCa ca = newCa(dir);
    byte[] key = NodeIdentity.generate(new SecureRandom()).publicKey();

    assertThatThrownBy(() -> ca.issue("n1", key, List.of("Ops!"), Duration.ofDays(1)))
        .hasMessage(
            "group 'Ops!' is invalid: must be 1 to 63 lower-case letters, digits, '-' or '_',"
                + " starting with a letter or digit");
    assertThatThrownBy(() -> ca.issue("n1", key, List.of(), Duration.ofDays(4000)))
        .hasMessageContaining("after the CA certificate");
  }
}
