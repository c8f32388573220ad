package io.starling.runtime.wire.cose;

import static org.assertj.core.api.Assertions.assertThat;

import io.starling.runtime.identity.NodeIdentity;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * Published vectors. Data (not code) from github.com/cose-wg/Examples, file {@code
 * eddsa-examples/eddsa-sig-01.json} ("EdDSA-01: EdDSA - 25519 - sign0", a COSE_Sign1 with Ed25519),
 * and RFC 8032 §7.1 TEST 1. Ed25519 is deterministic, so signing the same input must reproduce the
 * published bytes exactly.
 */
class CoseWgExamplesTest {

  private static final HexFormat HEX = HexFormat.of();

  // eddsa-sig-01.json input.sign0.key (the RFC 8032 §7.1 TEST 1 key pair)
  private static final byte[] D =
      HEX.parseHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
  private static final byte[] X =
      HEX.parseHex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
  private static final byte[] PLAINTEXT = "This is the content.".getBytes(StandardCharsets.UTF_8);
  // eddsa-sig-01.json intermediates.ToBeSign_hex
  private static final String TO_BE_SIGNED =
      "846A5369676E61747572653145A2012703004054546869732069732074686520636F6E74656E742E";
  // eddsa-sig-01.json output.cbor
  private static final String CBOR =
      "D28445A201270300A10442313154546869732069732074686520636F6E74656E742E5840"
          + "7142FD2FF96D56DB85BEE905A76BA1D0B7321A95C8C4D3607C5781932B7AFB87"
          + "11497DFA751BF40B58B3BCC32300B1487F3DB34085EEF013BF08F4A44D6FEF0D";

  private static CoseSign1 signExample() {
    CoseHeaders prot =
        CoseHeaders.builder()
            .put(CoseHeaders.ALG, CoseHeaders.ALG_EDDSA)
            .put(CoseHeaders.CONTENT_TYPE, 0) // "ctyp": 0
            .build();
    CoseHeaders unprot =
        CoseHeaders.builder()
            .put(CoseHeaders.KID, "11".getBytes(StandardCharsets.US_ASCII))
            .build();
    return CoseSign1.sign(NodeIdentity.fromSeed(D), prot, unprot, PLAINTEXT);
  }

  @Test
  void seed_of_the_example_derives_the_published_public_key() {
    assertThat(NodeIdentity.fromSeed(D).publicKey()).isEqualTo(X);
  }

  @Test
  void sig_structure_matches_the_published_to_be_signed_bytes() {
    assertThat(HEX.formatHex(signExample().toBeSigned())).isEqualToIgnoringCase(TO_BE_SIGNED);
  }

  @Test
  void signing_the_example_reproduces_the_published_message_byte_for_byte() {
    assertThat(HEX.formatHex(signExample().encode(true))).isEqualToIgnoringCase(CBOR);
  }

  @Test
  void published_message_decodes_and_verifies_with_the_published_public_key() {
    CoseSign1Decoder.Result result = new CoseSign1Decoder().decode(HEX.parseHex(CBOR));

    assertThat(result).isInstanceOf(CoseSign1Decoder.Decoded.class);
    CoseSign1 message = ((CoseSign1Decoder.Decoded) result).message();
    assertThat(message.payload()).isEqualTo(PLAINTEXT);
    assertThat(message.protectedHeaders().integer(CoseHeaders.CONTENT_TYPE)).contains(0L);
    assertThat(message.unprotectedHeaders().bytes(CoseHeaders.KID)).contains("11".getBytes());
    assertThat(message.verify(X)).isTrue();
    assertThat(message.encode(true)).isEqualTo(HEX.parseHex(CBOR));
  }

  @Test
  void published_message_with_one_flipped_signature_bit_does_not_verify() {
    byte[] bytes = HEX.parseHex(CBOR);
    bytes[bytes.length - 1] ^= 1;
    CoseSign1 message = ((CoseSign1Decoder.Decoded) new CoseSign1Decoder().decode(bytes)).message();

    assertThat(message.verify(X)).isFalse();
  }

  @Test
  void rfc8032_test_1_signature_of_the_empty_message_is_reproduced() {
    // RFC 8032 §7.1 TEST 1: SIGNATURE of the empty message.
    String expected =
        "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155"
            + "5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b";

    assertThat(HEX.formatHex(NodeIdentity.fromSeed(D).sign(new byte[0]))).isEqualTo(expected);
  }
}
