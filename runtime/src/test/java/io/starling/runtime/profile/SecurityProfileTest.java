package io.starling.runtime.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.starling.runtime.identity.NodeIdentity;
import io.starling.runtime.trust.AllowEntry;
import io.starling.runtime.trust.MeshCa;
import io.starling.runtime.trust.TrustPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code security} section: admission mode, allowlist, revocation and the files it names. */
class SecurityProfileTest {

  @TempDir Path dir;

  private final ProfileLoader loader =
      new ProfileLoader(TestDrivers.registry(), Path.of("/var/lib/starling-test"));

  private static final String NODE = "node:\n  name: n1\n  mesh: m\n";

  private Path file() {
    return dir.resolve("p.yaml");
  }

  private List<String> problems(String yaml) {
    InvalidProfileException e =
        catchThrowableOfType(InvalidProfileException.class, () -> loader.check(file(), yaml));
    assertThat(e).as("expected problems in:%n%s", yaml).isNotNull();
    return e.problems().stream().map(ProfileProblem::toString).toList();
  }

  @Test
  void binds_a_ca_policy_with_a_revocation_file_relative_to_the_profile() throws Exception {
    MeshCa.init(dir.resolve("ca"), "ca", Duration.ofDays(10));
    Files.writeString(dir.resolve("revoked.txt"), "# none\n");

    Profile p =
        loader.check(file(), NODE + "security:\n  trust: ca/ca.crt\n  revoked: revoked.txt\n");

    assertThat(p.security().trustPolicy())
        .contains(TrustPolicy.ca(dir.resolve("ca/ca.crt"), dir.resolve("revoked.txt")));
  }

  @Test
  void binds_allowlist_entries_by_key_and_by_id_with_names_and_groups() throws Exception {
    NodeIdentity a = NodeIdentity.generate(new SecureRandom());
    NodeIdentity b = NodeIdentity.generate(new SecureRandom());

    Profile p =
        loader.check(
            file(),
            NODE
                + "security:\n  allow:\n"
                + "    - key: "
                + a.publicKeyText()
                + "\n      name: console\n      groups: [admin, ops]\n"
                + "    - id: "
                + b.id()
                + "\n");

    assertThat(p.security().allow())
        .containsExactly(
            new AllowEntry(a.id(), "console", Set.of("admin", "ops")),
            new AllowEntry(b.id(), null, Set.of()));
    assertThat(p.security().trustPolicy().orElseThrow().usesCa()).isFalse();
  }

  @Test
  void reports_a_missing_trust_file_at_its_value() {
    assertThat(problems(NODE + "security:\n  trust: nowhere/ca.crt\n"))
        .containsExactly(
            file()
                + ":5:10: security.trust must be a mesh CA certificate: "
                + dir.resolve("nowhere/ca.crt")
                + ": no such file");
  }

  @Test
  void reports_a_trust_file_that_is_not_a_certificate() throws Exception {
    MeshCa.init(dir.resolve("ca"), "ca", Duration.ofDays(10));

    assertThat(problems(NODE + "security:\n  trust: ca/ca.key\n"))
        .containsExactly(
            file()
                + ":5:10: security.trust must be a mesh CA certificate: "
                + dir.resolve("ca/ca.key")
                + ": holds a PEM 'PRIVATE KEY', not a 'CERTIFICATE'");
  }

  @Test
  void reports_a_device_certificate_given_as_the_trust_anchor() throws Exception {
    MeshCa ca = MeshCa.init(dir.resolve("ca"), "ca", Duration.ofDays(10));
    NodeIdentity n = NodeIdentity.generate(new SecureRandom());
    ca.issue("n1", n.publicKey(), List.of(), Duration.ofDays(1)).writePem(dir.resolve("n1.crt"));

    assertThat(problems(NODE + "security:\n  trust: n1.crt\n"))
        .singleElement()
        .asString()
        .endsWith("not a CA certificate (BasicConstraints cA is not set)");
  }

  @Test
  void reports_a_missing_revocation_file_and_its_bad_lines() throws Exception {
    Files.writeString(dir.resolve("revoked.txt"), "# ok\npump-1\n");

    assertThat(problems(NODE + "security:\n  revoked: revoked.txt\n"))
        .containsExactly(
            file()
                + ":5:12: security.revoked: "
                + dir.resolve("revoked.txt")
                + " line 2: 'pump-1' is neither a node id (26 characters of base32) nor a hex"
                + " serial");
    assertThat(problems(NODE + "security:\n  revoked: gone.txt\n"))
        .containsExactly(
            file() + ":5:12: security.revoked: " + dir.resolve("gone.txt") + ": no such file");
  }

  @Test
  void reports_allowlist_rules_the_schema_cannot_express() throws Exception {
    NodeIdentity a = NodeIdentity.generate(new SecureRandom());
    MeshCa.init(dir.resolve("ca"), "ca", Duration.ofDays(10));

    assertThat(
            problems(
                NODE
                    + "security:\n  trust: ca/ca.crt\n  allow:\n"
                    + "    - key: "
                    + a.publicKeyText()
                    + "\n    - id: "
                    + a.id()
                    + "\n    - name: nobody\n"))
        .containsExactly(
            file()
                + ":6:3: security.allow: a mesh admits by CA (security.trust) or by allowlist"
                + " (security.allow), not both; remove one",
            file() + ":8:7: security.allow[1] names node " + a.id() + ", as security.allow[0] does",
            file() + ":9:7: security.allow[2]: give exactly one of key or id");
  }

  @Test
  void reports_a_key_that_is_not_base64url() {
    assertThat(problems(NODE + "security:\n  allow:\n    - key: not-a-key\n"))
        .containsExactly(
            file()
                + ":6:12: security.allow[0].key 'not-a-key' must be an Ed25519 public key: 43"
                + " characters of unpadded base64url, as /mesh/node shows publicKey");
  }

  @Test
  void accepts_the_allowlist_example_in_the_trust_docs() throws Exception {
    String doc = Files.readString(Path.of("../docs/TRUST.md"));
    String section = doc.substring(doc.indexOf("## Allowlist mode"));
    int start = section.indexOf("```yaml\n") + "```yaml\n".length();
    String yaml = section.substring(start, section.indexOf("```", start));

    Profile p = loader.check(file(), NODE + yaml);

    assertThat(p.security().allow()).hasSize(2);
    assertThat(p.security().allow().getFirst().groups()).containsExactly("admin");
  }
}
