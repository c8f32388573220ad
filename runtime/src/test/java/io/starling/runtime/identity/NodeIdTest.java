package io.starling.runtime.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class NodeIdTest {

  // RFC 8032 §7.1 TEST 1: secret key 9d61b1...7f60, public key d75a98...511a.
  private static final byte[] RFC8032_SEED =
      HexFormat.of().parseHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
  private static final String RFC8032_PUBLIC =
      "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";

  @Test
  void derives_the_public_key_of_rfc8032_test_1() {
    NodeIdentity identity = NodeIdentity.fromSeed(RFC8032_SEED);

    assertThat(HexFormat.of().formatHex(identity.publicKey())).isEqualTo(RFC8032_PUBLIC);
  }

  @Test
  void is_the_first_16_bytes_of_sha256_of_the_public_key_in_lower_case_base32() throws Exception {
    NodeId id = NodeIdentity.fromSeed(RFC8032_SEED).id();
    byte[] digest =
        java.security.MessageDigest.getInstance("SHA-256")
            .digest(HexFormat.of().parseHex(RFC8032_PUBLIC));

    assertThat(id.bytes()).isEqualTo(java.util.Arrays.copyOf(digest, 16));
    assertThat(id.toString()).hasSize(26).matches("[a-z2-7]+");
  }

  @Test
  void parses_its_printed_form() {
    NodeId id = NodeIdentity.fromSeed(RFC8032_SEED).id();

    assertThat(NodeId.parse(id.toString())).isEqualTo(id);
  }

  @Test
  void rejects_text_that_is_not_a_node_id() {
    assertThatThrownBy(() -> NodeId.parse("Not-An-Id"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("26 characters of lower-case base32");
  }

  @Test
  void signs_the_rfc8032_test_1_message_to_the_published_signature() {
    NodeIdentity identity = NodeIdentity.fromSeed(RFC8032_SEED);

    byte[] signature = identity.sign(new byte[0]);

    assertThat(HexFormat.of().formatHex(signature))
        .isEqualTo(
            "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155"
                + "5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b");
    assertThat(NodeIdentity.verify(identity.publicKey(), new byte[0], signature)).isTrue();
    assertThat(NodeIdentity.verify(identity.publicKey(), new byte[] {1}, signature)).isFalse();
  }

  @Test
  void never_prints_key_material() {
    NodeIdentity identity = NodeIdentity.fromSeed(RFC8032_SEED);

    assertThat(identity.toString()).doesNotContain("9d61b1").contains(identity.id().toString());
  }
}
