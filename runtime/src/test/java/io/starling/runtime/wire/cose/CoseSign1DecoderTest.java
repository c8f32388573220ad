package io.starling.runtime.wire.cose;

import static org.assertj.core.api.Assertions.assertThat;

import io.starling.runtime.identity.NodeIdentity;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CoseSign1DecoderTest {

  private static final HexFormat HEX = HexFormat.of();
  private static final NodeIdentity SIGNER = NodeIdentity.fromSeed(new byte[32]);
  private final CoseSign1Decoder decoder = new CoseSign1Decoder();

  private static byte[] valid() {
    return CoseSign1.sign(SIGNER, CoseHeaders.empty(), CoseHeaders.empty(), new byte[] {1, 2, 3})
        .encode(true);
  }

  private String reasonFor(byte[] bytes) {
    CoseSign1Decoder.Result r = decoder.decode(bytes);
    assertThat(r).isInstanceOf(CoseSign1Decoder.Malformed.class);
    return ((CoseSign1Decoder.Malformed) r).reason();
  }

  @Test
  void accepts_tagged_and_untagged_messages() {
    CoseSign1 signed =
        CoseSign1.sign(SIGNER, CoseHeaders.empty(), CoseHeaders.empty(), new byte[] {1, 2, 3});

    for (boolean tagged : new boolean[] {true, false}) {
      CoseSign1Decoder.Result r = decoder.decode(signed.encode(tagged));
      assertThat(r).isEqualTo(new CoseSign1Decoder.Decoded(signed));
      assertThat(((CoseSign1Decoder.Decoded) r).message().verify(SIGNER.publicKey())).isTrue();
    }
  }

  @Test
  void oversized_message_is_malformed_naming_both_sizes() {
    byte[] big = new byte[64 * 1024 + 1];

    assertThat(reasonFor(big)).contains("65537").contains("65536");
  }

  @Test
  void custom_limit_applies() {
    byte[] msg = valid();

    assertThat(new CoseSign1Decoder(msg.length - 1).decode(msg))
        .isInstanceOf(CoseSign1Decoder.Malformed.class);
    assertThat(new CoseSign1Decoder(msg.length).decode(msg))
        .isInstanceOf(CoseSign1Decoder.Decoded.class);
  }

  @Test
  void other_tags_are_malformed() {
    byte[] msg = valid();
    msg[0] = (byte) 0xd1; // tag 17 = COSE_Mac0

    assertThat(reasonFor(msg)).contains("tag 17");
  }

  @Test
  void every_truncation_is_malformed() {
    byte[] msg = valid();
    for (int n = 0; n < msg.length; n++) {
      assertThat(decoder.decode(Arrays.copyOf(msg, n)))
          .isInstanceOf(CoseSign1Decoder.Malformed.class);
    }
  }

  @Test
  void trailing_bytes_are_malformed() {
    byte[] msg = Arrays.copyOf(valid(), valid().length + 2);

    assertThat(reasonFor(msg)).contains("2 trailing bytes");
  }

  @Test
  void wrong_array_length_and_types_are_malformed() {
    assertThat(reasonFor(CborWriter.encode(List.of(new byte[0], Map.of(), new byte[0]))))
        .contains("array of 4");
    assertThat(reasonFor(CborWriter.encode(List.of("x", Map.of(), new byte[0], new byte[0]))))
        .contains("protected header must be a byte string");
    assertThat(
            reasonFor(
                CborWriter.encode(List.of(new byte[0], new byte[0], new byte[0], new byte[0]))))
        .contains("unprotected header must be a map");
  }

  @Test
  void detached_payload_is_refused() {
    byte[] msg = HEX.parseHex("8440a0f640");

    assertThat(reasonFor(msg)).contains("detached");
  }

  @Test
  void indefinite_lengths_are_refused() {
    byte[] msg = HEX.parseHex("9f40a04040ff");

    assertThat(reasonFor(msg)).contains("definite");
  }

  @Test
  void huge_declared_length_is_refused_before_allocating() {
    // a bstr claiming 2^32-1 bytes inside the array
    byte[] msg = HEX.parseHex("845affffffff");

    assertThat(reasonFor(msg)).contains("declared length 4294967295").contains("bytes left");
  }

  @Test
  void duplicate_labels_in_a_header_are_refused() {
    byte[] msg = HEX.parseHex("8440a2040104024040");

    assertThat(reasonFor(msg)).contains("duplicate map key 4");
  }

  @Test
  void a_label_in_both_buckets_is_refused() {
    // protected {4: 1}, unprotected {4: 2}
    byte[] msg = HEX.parseHex("8443a10401a104024040");

    assertThat(reasonFor(msg)).contains("both");
  }

  @Test
  void deep_nesting_is_refused() {
    byte[] msg = new byte[40];
    msg[0] = (byte) 0x84;
    msg[1] = 0x40;
    msg[2] = (byte) 0xa1;
    msg[3] = 0x01;
    Arrays.fill(msg, 4, msg.length, (byte) 0x81);

    assertThat(reasonFor(msg)).contains("nesting");
  }

  @Test
  void random_garbage_and_mutations_never_throw() {
    Random random = new Random(42);
    byte[] valid = valid();
    for (int i = 0; i < 20_000; i++) {
      byte[] input;
      if (i % 2 == 0) {
        input = new byte[random.nextInt(64)];
        random.nextBytes(input);
      } else {
        input = valid.clone();
        for (int k = 0; k < 1 + random.nextInt(4); k++) {
          input[random.nextInt(input.length)] = (byte) random.nextInt(256);
        }
      }
      assertThat(decoder.decode(input)).isNotNull();
      assertThat(StarlingEnvelope.open(input)).isNotNull();
    }
  }

  @Test
  void signing_refuses_an_algorithm_other_than_eddsa() {
    CoseHeaders es256 = CoseHeaders.builder().put(CoseHeaders.ALG, -7).build();

    org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
        .isThrownBy(() -> CoseSign1.sign(SIGNER, es256, CoseHeaders.empty(), new byte[0]))
        .withMessageContaining("-7");
  }

  @Test
  void external_aad_is_bound_into_the_signature() {
    byte[] aad = {9, 9};
    CoseSign1 signed =
        CoseSign1.sign(SIGNER, CoseHeaders.empty(), CoseHeaders.empty(), new byte[] {1}, aad);

    assertThat(signed.verify(SIGNER.publicKey(), aad)).isTrue();
    assertThat(signed.verify(SIGNER.publicKey())).isFalse();
  }
}
