package io.starling.runtime.trust;

import static org.assertj.core.api.Assertions.assertThat;

import io.starling.runtime.identity.NodeIdentity;
import java.math.BigInteger;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class RevocationListTest {

  @Test
  void reads_node_ids_serials_in_both_spellings_and_skips_comments() {
    NodeIdentity n = NodeIdentity.generate(new SecureRandom());

    RevocationList.Entries e =
        RevocationList.parse("# revoked\n\n" + n.id() + "  # stolen\n0a1b2c\r\n0A:1B:2D\n   \n");

    assertThat(e.ids()).containsExactly(n.id());
    assertThat(e.serials()).contains(new BigInteger("0a1b2c", 16), new BigInteger("0a1b2d", 16));
    assertThat(e.problems()).isEmpty();
  }

  @Test
  void names_the_line_of_an_entry_that_is_neither_form() {
    RevocationList.Entries e = RevocationList.parse("# x\npump-1\n");

    assertThat(e.problems())
        .containsExactly(
            "line 2: 'pump-1' is neither a node id (26 characters of base32) nor a hex serial");
  }
}
