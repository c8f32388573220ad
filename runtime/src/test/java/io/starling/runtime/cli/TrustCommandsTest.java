package io.starling.runtime.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.starling.runtime.identity.KeyFiles;
import io.starling.runtime.trust.DeviceCertificate;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrustCommandsTest {

  @TempDir Path dir;

  private StringWriter out = new StringWriter();
  private StringWriter err = new StringWriter();

  private int run(String... args) {
    out = new StringWriter();
    err = new StringWriter();
    return Main.execute(args, new PrintWriter(out), new PrintWriter(err));
  }

  /** The base64 body of a PEM key, the secret part. */
  private static String keyBody(Path keyFile) throws Exception {
    return Files.readString(keyFile).replaceAll("-----[A-Z ]+-----", "").strip();
  }

  private void assertNoKeyMaterialPrinted(Path... keyFiles) throws Exception {
    for (Path k : keyFiles) {
      String body = keyBody(k);
      assertThat(body).isNotEmpty();
      assertThat(out.toString()).doesNotContain(body);
      assertThat(err.toString()).doesNotContain(body);
    }
    assertThat(out.toString()).doesNotContain("PRIVATE KEY-----");
  }

  @Test
  void ca_init_writes_the_ca_and_prints_paths_and_expiry_but_no_key() throws Exception {
    Path ca = dir.resolve("ca");

    int exit = run("ca", "init", "--out", ca.toString(), "--name", "farm-ca", "--days", "30");

    assertThat(exit).isZero();
    assertThat(err.toString()).isEmpty();
    assertThat(out.toString())
        .contains("wrote " + ca.resolve("ca.key"))
        .contains("wrote " + ca.resolve("ca.crt"))
        .contains("mesh CA farm-ca key id ")
        .contains(" expires ");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(ca.resolve("ca.key"))))
        .isEqualTo("rw-------");
    assertNoKeyMaterialPrinted(ca.resolve("ca.key"));
  }

  @Test
  void ca_init_over_an_existing_ca_exits_2_and_keeps_it() throws Exception {
    Path ca = dir.resolve("ca");
    run("ca", "init", "--out", ca.toString());
    String key = Files.readString(ca.resolve("ca.key"));

    int exit = run("ca", "init", "--out", ca.toString());

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString().strip())
        .isEqualTo(
            "starling ca init: "
                + ca.resolve("ca.key")
                + " already exists; refusing to overwrite a mesh CA");
    assertThat(Files.readString(ca.resolve("ca.key"))).isEqualTo(key);
  }

  @Test
  void enroll_writes_key_certificate_and_ca_copy_and_prints_the_identity() throws Exception {
    Path ca = dir.resolve("ca");
    Path dev = dir.resolve("dev");
    run("ca", "init", "--out", ca.toString());

    int exit =
        run(
            "enroll",
            "--ca",
            ca.toString(),
            "--name",
            "pump-1",
            "--groups",
            "ops,admin",
            "--out",
            dev.toString());

    assertThat(exit).as(err.toString()).isZero();
    DeviceCertificate cert = DeviceCertificate.readPem(dev.resolve("node.crt"));
    assertThat(KeyFiles.load(dev.resolve("node.key")).id()).isEqualTo(cert.nodeId());
    assertThat(Files.readString(dev.resolve("ca.crt")))
        .isEqualTo(Files.readString(ca.resolve("ca.crt")));
    assertThat(out.toString().lines())
        .containsExactly(
            "wrote " + dev.resolve("node.key") + " (private key, mode 0600)",
            "wrote "
                + dev.resolve("node.crt")
                + ": node pump-1 id "
                + cert.nodeId()
                + " groups [admin,ops] serial "
                + cert.serialHex()
                + " expires "
                + cert.notAfter(),
            "wrote " + dev.resolve("ca.crt") + " (mesh CA starling-ca)");
    assertNoKeyMaterialPrinted(ca.resolve("ca.key"), dev.resolve("node.key"));
  }

  @Test
  void enroll_with_a_missing_ca_directory_exits_2() {
    Path missing = dir.resolve("no-ca");

    int exit =
        run(
            "enroll",
            "--ca",
            missing.toString(),
            "--name",
            "n1",
            "--out",
            dir.resolve("d").toString());

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString()).contains(missing + ": no such CA directory");
    assertThat(Files.exists(dir.resolve("d"))).isFalse();
  }

  @Test
  void enroll_with_a_bad_group_name_exits_2_and_writes_nothing() {
    Path ca = dir.resolve("ca");
    run("ca", "init", "--out", ca.toString());

    int exit =
        run(
            "enroll",
            "--ca",
            ca.toString(),
            "--name",
            "n1",
            "--groups",
            "ops,Bad Group",
            "--out",
            dir.resolve("d").toString());

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString().strip())
        .isEqualTo(
            "starling enroll: group 'Bad Group' is invalid: must be 1 to 63 lower-case letters,"
                + " digits, '-' or '_', starting with a letter or digit");
    assertThat(Files.exists(dir.resolve("d/node.key"))).isFalse();
  }

  @Test
  void enroll_into_a_directory_with_a_key_exits_2() throws Exception {
    Path ca = dir.resolve("ca");
    Path dev = dir.resolve("dev");
    run("ca", "init", "--out", ca.toString());
    run("enroll", "--ca", ca.toString(), "--name", "n1", "--out", dev.toString());

    int exit = run("enroll", "--ca", ca.toString(), "--name", "n1", "--out", dev.toString());

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString()).contains(dev.resolve("node.key") + " already exists");
  }

  @Test
  void bad_days_exit_2() {
    assertThat(run("ca", "init", "--out", dir.toString(), "--days", "0")).isEqualTo(2);
    assertThat(err.toString()).contains("--days 0 is out of range [1, 36500]");
    assertThat(run("ca", "init", "--out", dir.toString(), "--days", "many")).isEqualTo(2);
  }

  @Test
  void keygen_then_ca_sign_writes_the_certificate_next_to_the_request() throws Exception {
    Path ca = dir.resolve("ca");
    Path dev = dir.resolve("dev");
    run("ca", "init", "--out", ca.toString());

    int keygen = run("keygen", "--out", dev.toString(), "--name", "sensor-7");
    String keygenOut = out.toString();
    int sign =
        run(
            "ca",
            "sign",
            "--ca",
            ca.toString(),
            "--csr",
            dev.resolve("node.csr").toString(),
            "--groups",
            "sensors",
            "--days",
            "90");

    assertThat(keygen).isZero();
    assertThat(keygenOut)
        .contains("wrote " + dev.resolve("node.csr") + ": request for node sensor-7 id ");
    assertThat(sign).as(err.toString()).isZero();
    DeviceCertificate cert = DeviceCertificate.readPem(dev.resolve("node.crt"));
    assertThat(cert.nodeId()).isEqualTo(KeyFiles.load(dev.resolve("node.key")).id());
    assertThat(out.toString().lines())
        .containsExactly(
            "wrote "
                + dev.resolve("node.crt")
                + ": "
                + "node sensor-7 id "
                + cert.nodeId()
                + " groups [sensors] serial "
                + cert.serialHex()
                + " expires "
                + cert.notAfter());
    assertNoKeyMaterialPrinted(dev.resolve("node.key"), ca.resolve("ca.key"));
    assertThat(keygenOut).doesNotContain(keyBody(dev.resolve("node.key")));
  }

  @Test
  void ca_sign_refuses_to_overwrite_and_rejects_a_non_request() throws Exception {
    Path ca = dir.resolve("ca");
    Path dev = dir.resolve("dev");
    run("ca", "init", "--out", ca.toString());
    run("keygen", "--out", dev.toString());
    String csr = dev.resolve("node.csr").toString();
    run("ca", "sign", "--ca", ca.toString(), "--csr", csr);

    assertThat(run("ca", "sign", "--ca", ca.toString(), "--csr", csr)).isEqualTo(2);
    assertThat(err.toString()).contains(dev.resolve("node.crt") + " already exists");
    assertThat(
            run(
                "ca",
                "sign",
                "--ca",
                ca.toString(),
                "--csr",
                ca.resolve("ca.crt").toString(),
                "--out",
                dir.resolve("x.crt").toString()))
        .isEqualTo(2);
    assertThat(err.toString()).contains("not a 'CERTIFICATE REQUEST'");
  }

  @Test
  void missing_required_options_exit_2() {
    assertThat(run("enroll", "--name", "n1")).isEqualTo(2);
    assertThat(run("keygen")).isEqualTo(2);
  }
}
