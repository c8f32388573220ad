package io.starling.runtime.wire.cose;

import static org.assertj.core.api.Assertions.assertThat;

import io.starling.runtime.driver.spi.Reading;
import io.starling.runtime.identity.NodeIdentity;
import io.starling.runtime.wire.SenmlCodec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The worked example of docs/PROTOCOL.md, regenerated: if the code or the document changes, this
 * fails, so the document cannot drift.
 */
class EnvelopeDocExampleTest {

  private static final HexFormat HEX = HexFormat.of();
  private static final Path DOC = Path.of("..", "docs", "PROTOCOL.md");

  // RFC 8032 §7.1 TEST 1 secret key (seed)
  static final String SEED = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";
  static final Instant TIME = Instant.ofEpochMilli(1_700_000_000_000L);

  static final String PAYLOAD =
      "9fbf2171677265656e686f7573652d312f6169722f221a6553f100006b74656d"
          + "7065726174757265016343656c02fb4035800000000000ffff";
  static final String KID = "21fe31dfa154a261626bf854046fd227";
  static final String KID_TEXT = "eh7ddx5bksrgcytl7bkai36se4";
  static final String PROTECTED =
      "a50127031870045021fe31dfa154a261626bf854046fd2273a00010000013a00"
          + "0100011b0000018bcfe56800";
  static final String SIG_STRUCTURE =
      "846a5369676e617475726531582ca50127031870045021fe31dfa154a261626b"
          + "f854046fd2273a00010000013a000100011b0000018bcfe568004058399fbf21"
          + "71677265656e686f7573652d312f6169722f221a6553f100006b74656d706572"
          + "6174757265016343656c02fb4035800000000000ffff";
  static final String SIGNATURE =
      "fe23ea1531d74a29735c173b611b41db2491c083d7e75c5a6d051576b7980aca"
          + "ffe3e0c1337f5816ceaf2f4c1d197ac007cfa6a4a1962fd0b1f1f67d7a0b0303";
  static final String MESSAGE =
      "d284582ca50127031870045021fe31dfa154a261626bf854046fd2273a000100"
          + "00013a000100011b0000018bcfe56800a058399fbf2171677265656e686f7573"
          + "652d312f6169722f221a6553f100006b74656d7065726174757265016343656c"
          + "02fb4035800000000000ffff5840fe23ea1531d74a29735c173b611b41db2491"
          + "c083d7e75c5a6d051576b7980acaffe3e0c1337f5816ceaf2f4c1d197ac007cf"
          + "a6a4a1962fd0b1f1f67d7a0b0303";

  private static byte[] payload() {
    return SenmlCodec.toCbor(
        "greenhouse-1/air/", List.of(Reading.of("temperature", "Cel", 21.5, TIME)));
  }

  @Test
  void example_values_are_what_the_code_produces() {
    NodeIdentity id = NodeIdentity.fromSeed(HEX.parseHex(SEED));
    byte[] message = StarlingEnvelope.sign(id, 1, TIME, SenmlCodec.CONTENT_FORMAT_CBOR, payload());
    StarlingEnvelope.Opened opened = (StarlingEnvelope.Opened) StarlingEnvelope.open(message);
    CoseSign1 cose = opened.message();

    assertThat(HEX.formatHex(payload())).isEqualTo(PAYLOAD);
    assertThat(HEX.formatHex(id.id().bytes())).isEqualTo(KID);
    assertThat(id.id()).hasToString(KID_TEXT);
    assertThat(HEX.formatHex(cose.protectedBytes())).isEqualTo(PROTECTED);
    assertThat(HEX.formatHex(cose.toBeSigned())).isEqualTo(SIG_STRUCTURE);
    assertThat(HEX.formatHex(cose.signature())).isEqualTo(SIGNATURE);
    assertThat(HEX.formatHex(message)).isEqualTo(MESSAGE);
    assertThat(opened.verify(id.publicKey())).isEqualTo(StarlingEnvelope.Verification.VALID);
  }

  @Test
  void document_shows_exactly_these_values() throws Exception {
    String doc = Files.readString(DOC).replaceAll("\\s+", "");

    for (String hex : List.of(SEED, PAYLOAD, KID, KID_TEXT, PROTECTED, SIG_STRUCTURE, SIGNATURE)) {
      assertThat(doc).contains(hex);
    }
    assertThat(doc).contains(MESSAGE);
  }
}
