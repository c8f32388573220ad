package io.starling.runtime.wire.cose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.starling.runtime.identity.NodeIdentity;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StarlingEnvelopeTest {

  private static final NodeIdentity ALICE = NodeIdentity.fromSeed(new byte[32]);
  private static final NodeIdentity BOB = NodeIdentity.fromSeed(filled(7));
  private static final Instant T = Instant.ofEpochMilli(1_700_000_000_123L);
  private static final byte[] PAYLOAD = {(byte) 0x81, (byte) 0xa1, 0, 0x61, 0x74};

  private static byte[] filled(int b) {
    byte[] seed = new byte[32];
    java.util.Arrays.fill(seed, (byte) b);
    return seed;
  }

  private static StarlingEnvelope.Opened opened(byte[] message) {
    StarlingEnvelope.OpenResult r = StarlingEnvelope.open(message);
    assertThat(r).isInstanceOf(StarlingEnvelope.Opened.class);
    return (StarlingEnvelope.Opened) r;
  }

  @Test
  void signed_envelope_opens_to_the_same_fields_and_verifies() {
    byte[] msg = StarlingEnvelope.sign(ALICE, 42, T, 112, PAYLOAD);

    StarlingEnvelope.Opened o = opened(msg);

    assertThat(o.envelope())
        .isEqualTo(new StarlingEnvelope(ALICE.id(), 42, T, 112, PAYLOAD, Optional.empty()));
    assertThat(o.verify(ALICE.publicKey())).isEqualTo(StarlingEnvelope.Verification.VALID);
    assertThat(msg[0]).isEqualTo((byte) 0xd2); // tag 18
  }

  @Test
  void certificate_travels_in_unprotected_x5chain() {
    byte[] der = {0x30, 0x03, 0x02, 0x01, 0x05};
    byte[] msg = StarlingEnvelope.sign(ALICE, 1, T, 112, PAYLOAD, Optional.of(der));

    StarlingEnvelope.Opened o = opened(msg);

    assertThat(o.envelope().certificate()).contains(der);
    assertThat(o.message().unprotectedHeaders().bytes(CoseHeaders.X5CHAIN)).contains(der);
    assertThat(o.verify(ALICE.publicKey())).isEqualTo(StarlingEnvelope.Verification.VALID);
  }

  @Test
  void x5chain_as_an_array_yields_the_first_certificate() throws Exception {
    CoseSign1 signed =
        new StarlingEnvelope(ALICE.id(), 1, T, 112, PAYLOAD, Optional.empty()).toCose(ALICE);
    CoseSign1 withChain =
        new CoseSign1(
            signed.protectedBytes(),
            signed.protectedHeaders(),
            CoseHeaders.fromCbor(
                Map.of(CoseHeaders.X5CHAIN, List.of(new byte[] {1}, new byte[] {2})), "test"),
            signed.payload(),
            signed.signature());

    StarlingEnvelope.Opened o = opened(withChain.encode(true));

    assertThat(o.envelope().certificate()).contains(new byte[] {1});
    assertThat(o.verify(ALICE.publicKey())).isEqualTo(StarlingEnvelope.Verification.VALID);
  }

  @Test
  void another_nodes_key_is_reported_as_not_matching_the_kid() {
    StarlingEnvelope.Opened o = opened(StarlingEnvelope.sign(ALICE, 1, T, 112, PAYLOAD));

    assertThat(o.verify(BOB.publicKey()))
        .isEqualTo(StarlingEnvelope.Verification.KEY_DOES_NOT_MATCH_KID);
  }

  @Test
  void a_changed_payload_or_header_byte_breaks_the_signature() {
    byte[] msg = StarlingEnvelope.sign(ALICE, 1, T, 112, PAYLOAD);
    int changed = 0;
    for (int i = 0; i < msg.length; i++) {
      byte[] tampered = msg.clone();
      tampered[i] ^= 0x01;
      if (StarlingEnvelope.open(tampered) instanceof StarlingEnvelope.Opened o
          && o.envelope().kid().equals(ALICE.id())) {
        assertThat(o.verify(ALICE.publicKey()))
            .as("flipped bit at offset %d", i)
            .isNotEqualTo(StarlingEnvelope.Verification.VALID);
        changed++;
      }
    }
    assertThat(changed).isGreaterThan(PAYLOAD.length);
  }

  @Test
  void plain_cose_sign1_without_starling_headers_is_malformed() {
    byte[] plain =
        CoseSign1.sign(ALICE, CoseHeaders.empty(), CoseHeaders.empty(), PAYLOAD).encode(true);

    StarlingEnvelope.OpenResult r = StarlingEnvelope.open(plain);

    assertThat(r).isInstanceOf(StarlingEnvelope.Malformed.class);
    assertThat(((StarlingEnvelope.Malformed) r).reason()).contains("kid");
  }

  @Test
  void unknown_critical_header_is_malformed() {
    CoseHeaders prot =
        CoseHeaders.builder()
            .put(CoseHeaders.CONTENT_TYPE, 112)
            .put(CoseHeaders.KID, ALICE.id().bytes())
            .put(CoseHeaders.STARLING_SEQ, 1)
            .put(CoseHeaders.STARLING_TIME, 1)
            .build()
            .with(CoseHeaders.CRIT, List.of(-70000L));
    byte[] msg = CoseSign1.sign(ALICE, prot, CoseHeaders.empty(), PAYLOAD).encode(true);

    StarlingEnvelope.OpenResult r = StarlingEnvelope.open(msg);

    assertThat(((StarlingEnvelope.Malformed) r).reason()).contains("-70000");
  }

  @Test
  void signing_with_a_kid_of_another_identity_is_refused() {
    StarlingEnvelope e = new StarlingEnvelope(BOB.id(), 1, T, 112, PAYLOAD, Optional.empty());

    assertThatIllegalArgumentException().isThrownBy(() -> e.toCose(ALICE));
  }

  @Test
  void negative_seq_is_refused_locally() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> StarlingEnvelope.sign(ALICE, -1, T, 112, PAYLOAD))
        .withMessageContaining("-1");
  }
}
