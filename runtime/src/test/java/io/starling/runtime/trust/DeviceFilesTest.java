package io.starling.runtime.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.starling.runtime.identity.KeyFiles;
import io.starling.runtime.identity.NodeIdentity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeviceFilesTest {

  @TempDir Path dir;

  @Test
  void enroll_writes_a_self_contained_device_directory_the_mesh_accepts() throws Exception {
    MeshCa ca = MeshCaTest.newCa(dir.resolve("ca"));
    Path dev = dir.resolve("dev");

    DeviceCertificate cert =
        DeviceFiles.enroll(
            ca, dev, "pump-1", List.of("ops"), Duration.ofDays(365), new SecureRandom());

    assertThat(
            PosixFilePermissions.toString(Files.getPosixFilePermissions(dev.resolve("node.key"))))
        .isEqualTo("rw-------");
    NodeIdentity key = KeyFiles.load(dev.resolve("node.key"));
    assertThat(key.id()).isEqualTo(cert.nodeId());
    assertThat(DeviceCertificate.readPem(dev.resolve("node.crt")).der()).isEqualTo(cert.der());
    CaCertificate anchor = CaCertificate.readPem(dev.resolve("ca.crt"));
    Verdict verdict = TrustStore.forCa(anchor, null).verify(cert, MeshCaTest.NOW);
    assertThat(verdict.identity())
        .contains(new TrustedIdentity("pump-1", key.id(), java.util.Set.of("ops")));
  }

  @Test
  void enroll_refuses_a_directory_that_already_holds_a_key_and_writes_nothing() throws Exception {
    MeshCa ca = MeshCaTest.newCa(dir.resolve("ca"));
    Path dev = dir.resolve("dev");
    Files.createDirectories(dev);
    Files.writeString(dev.resolve("node.key"), "x");

    assertThatThrownBy(
            () ->
                DeviceFiles.enroll(
                    ca, dev, "n1", List.of(), Duration.ofDays(1), new SecureRandom()))
        .isInstanceOf(TrustException.class)
        .hasMessage(dev.resolve("node.key") + " already exists; refusing to overwrite it");
    assertThat(Files.list(dev)).containsExactly(dev.resolve("node.key"));
  }

  @Test
  void keygen_and_ca_sign_certify_a_key_that_never_leaves_the_device_directory() throws Exception {
    Path device = dir.resolve("device");
    Path operator = dir.resolve("operator");
    MeshCa ca = MeshCaTest.newCa(operator.resolve("ca"));
    DeviceFiles.keygen(device, "sensor-7", new SecureRandom());
    // only the request travels
    Path csrCopy = operator.resolve("sensor-7.csr");
    Files.copy(device.resolve("node.csr"), csrCopy);

    CertificateRequest request = CertificateRequest.readPem(csrCopy);
    DeviceCertificate cert = ca.sign(request, null, List.of("sensors"), Duration.ofDays(90));

    NodeIdentity deviceKey = KeyFiles.load(device.resolve("node.key"));
    assertThat(cert.nodeId()).isEqualTo(deviceKey.id());
    assertThat(cert.name()).isEqualTo("sensor-7");
    assertThat(cert.groups()).containsExactly("sensors");
    try (var files = Files.walk(operator)) {
      assertThat(files.map(p -> p.getFileName().toString())).doesNotContain("node.key");
    }
    assertThat(Files.readString(csrCopy)).doesNotContain("PRIVATE KEY");
  }

  @Test
  void keygen_without_a_name_requests_the_node_id_and_sign_can_override_it() throws Exception {
    CertificateRequest request = DeviceFiles.keygen(dir, null, new SecureRandom());
    MeshCa ca = MeshCaTest.newCa(dir.resolve("ca"));

    DeviceCertificate cert = ca.sign(request, "renamed", List.of(), Duration.ofDays(1));

    assertThat(request.name()).isEqualTo(request.nodeId().toString());
    assertThat(cert.name()).isEqualTo("renamed");
  }

  @Test
  void a_request_with_a_broken_signature_is_refused() throws Exception {
    CertificateRequest request = DeviceFiles.keygen(dir, "n1", new SecureRandom());
    byte[] der = request.der();
    der[der.length - 1] ^= 1; // inside the signature

    assertThatThrownBy(() -> CertificateRequest.parse(der))
        .isInstanceOf(TrustException.class)
        .hasMessage("the request's signature does not verify with its own public key");
  }

  @Test
  void a_certificate_file_is_not_a_request() throws Exception {
    MeshCa ca = MeshCaTest.newCa(dir);

    assertThatThrownBy(() -> CertificateRequest.readPem(dir.resolve("ca.crt")))
        .hasMessage(
            dir.resolve("ca.crt") + ": holds a PEM 'CERTIFICATE', not a 'CERTIFICATE REQUEST'");
    assertThat(ca).isNotNull();
  }
}
