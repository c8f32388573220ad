package io.starling.runtime.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Our certificates and requests read and verify with OpenSSL, an independent implementation. */
class OpensslInteropTest {

  static final Path OPENSSL = Path.of("/usr/bin/openssl");

  @TempDir Path dir;

  @BeforeEach
  void needsOpenssl() {
    assumeTrue(Files.isExecutable(OPENSSL), "openssl is not installed at " + OPENSSL);
  }

  private static String openssl(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(OPENSSL.toString()));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(output).isZero();
    return output;
  }

  @Test
  void openssl_shows_the_ca_certificate_profile() throws Exception {
    MeshCa.init(
        dir.resolve("ca"), "farm-ca", Duration.ofDays(10), MeshCaTest.CLOCK, new SecureRandom());

    String text = openssl("x509", "-in", dir.resolve("ca/ca.crt").toString(), "-noout", "-text");

    assertThat(text)
        .contains("Signature Algorithm: ED25519")
        .contains("Issuer: CN = farm-ca, O = Starling mesh CA")
        .contains("Subject: CN = farm-ca, O = Starling mesh CA")
        .contains("X509v3 Basic Constraints: critical")
        .contains("CA:TRUE, pathlen:0")
        .contains("X509v3 Key Usage: critical")
        .contains("Certificate Sign, CRL Sign")
        .contains("X509v3 Subject Key Identifier");
  }

  @Test
  void openssl_shows_and_verifies_a_device_certificate() throws Exception {
    MeshCa ca = MeshCaTest.newCa(dir.resolve("ca"));
    DeviceCertificate cert =
        DeviceFiles.enroll(
            ca,
            dir.resolve("dev"),
            "pump-1",
            List.of("ops", "admin"),
            Duration.ofDays(365),
            new SecureRandom());
    String crt = dir.resolve("dev/node.crt").toString();

    String text = openssl("x509", "-in", crt, "-noout", "-text");
    String verify =
        openssl(
            "verify",
            "-attime",
            String.valueOf(MeshCaTest.NOW.getEpochSecond()),
            "-CAfile",
            dir.resolve("dev/ca.crt").toString(),
            crt);

    assertThat(text)
        .contains("CN = pump-1, UID = " + cert.nodeId() + ", OU = admin, OU = ops")
        .contains("URI:urn:starling:node:" + cert.nodeId())
        .contains("CA:FALSE")
        .contains("Digital Signature")
        .contains("X509v3 Authority Key Identifier");
    assertThat(verify).contains(crt + ": OK");
  }

  @Test
  void openssl_verifies_our_certificate_request_and_reads_our_key() throws Exception {
    DeviceFiles.keygen(dir, "sensor-7", new SecureRandom());
    String csrFile = dir.resolve("node.csr").toString();

    String csr = openssl("req", "-in", csrFile, "-noout", "-verify", "-subject");
    String csrKey = openssl("req", "-in", csrFile, "-noout", "-pubkey");
    String pub = openssl("pkey", "-in", dir.resolve("node.key").toString(), "-pubout");

    assertThat(csr).contains("subject=CN = sensor-7");
    assertThat(csr.toLowerCase(java.util.Locale.ROOT)).contains("verify ok");
    assertThat(pub).startsWith("-----BEGIN PUBLIC KEY-----").isEqualTo(csrKey);
  }
}
