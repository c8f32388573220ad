package io.starling.runtime.wire.cose;

import static org.assertj.core.api.Assertions.assertThat;

import io.starling.runtime.identity.NodeIdentity;
import io.starling.runtime.testing.PythonCoseVerifier;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Third-party verification: our COSE_Sign1 bytes are checked by an independent implementation
 * (Debian's python3-cbor2 and python3-cryptography) that builds the Sig_structure itself.
 */
class PythonCoseVerificationTest {

  private static final NodeIdentity SIGNER =
      NodeIdentity.fromSeed(
          HexFormat.of()
              .parseHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"));

  @TempDir Path dir;

  @BeforeAll
  static void python_libraries_are_installed() {
    PythonCoseVerifier.ensureInstalled();
  }

  private PythonCoseVerifier.Outcome verifyWithPython(byte[] message, byte[] publicKey)
      throws Exception {
    return PythonCoseVerifier.verify(dir, message, publicKey);
  }

  @Test
  void python_cbor2_and_cryptography_verify_our_starling_envelope() throws Exception {
    byte[] message =
        StarlingEnvelope.sign(
            SIGNER,
            7,
            Instant.ofEpochMilli(1_700_000_000_000L),
            112,
            new byte[] {1, 2, 3},
            Optional.of(new byte[] {0x30, 0x00}));

    PythonCoseVerifier.Outcome o = verifyWithPython(message, SIGNER.publicKey());

    assertThat(o.exit()).as(o.output()).isZero();
    assertThat(o.output())
        .contains("\"valid\": true")
        .contains("\"-65537\": 7")
        .contains("\"-65538\": 1700000000000")
        .contains("\"3\": 112")
        .contains("\"4\": \"" + HexFormat.of().formatHex(SIGNER.id().bytes()) + "\"")
        .contains("\"33\": \"3000\"");
  }

  @Test
  void python_agrees_on_the_sig_structure_bytes() throws Exception {
    CoseSign1 signed =
        new StarlingEnvelope(
                SIGNER.id(), 1, Instant.ofEpochMilli(1), 112, new byte[] {9}, Optional.empty())
            .toCose(SIGNER);

    PythonCoseVerifier.Outcome o = verifyWithPython(signed.encode(false), SIGNER.publicKey());

    assertThat(o.output())
        .contains("\"to_be_signed\": \"" + HexFormat.of().formatHex(signed.toBeSigned()) + "\"");
  }

  @Test
  void python_rejects_a_message_with_a_changed_payload() throws Exception {
    byte[] message =
        StarlingEnvelope.sign(SIGNER, 7, Instant.ofEpochMilli(1), 112, new byte[] {1, 2, 3});
    message[message.length - 64 - 3] ^= 1; // last payload byte, before the 0x58 0x40 head

    PythonCoseVerifier.Outcome o = verifyWithPython(message, SIGNER.publicKey());

    assertThat(o.exit()).as(o.output()).isEqualTo(1);
    assertThat(o.output()).contains("\"valid\": false");
  }
}
