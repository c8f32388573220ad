package io.starling.runtime.pubsub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;

import io.starling.runtime.identity.NodeId;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CursorsTest {

  private static final NodeId A = node(1);
  private static final NodeId B = node(2);

  /** A whole cursor of {@link #A} (16 bytes of 0x01 in base32). */
  private static final String GOOD =
      "{\"origin\":\"aeaqcaibaeaqcaibaeaqcaibae\",\"topic\":\"t\",\"epoch\":1,"
          + "\"delivered\":2,\"time\":3}";

  @TempDir Path dir;

  private static NodeId node(int fill) {
    byte[] b = new byte[NodeId.LENGTH];
    Arrays.fill(b, (byte) fill);
    return NodeId.fromBytes(b);
  }

  private Path file() {
    return dir.resolve("cursors.json");
  }

  @Test
  void cursors_survive_a_flush_and_reopen() throws IOException {
    Cursors c = Cursors.open(file());
    Cursors.Stream plain = new Cursors.Stream(A, "greenhouse/1/air");
    Cursors.Stream quoted = new Cursors.Stream(A, "say \"hi\"\\back\\slash/\ttab");
    Cursors.Stream unicode = new Cursors.Stream(B, "température/küche/☃/\uD83D\uDE80");
    c.put(plain, new Cursors.Cursor(4_000_000_000L, 17, 1_700_000_000_123L));
    c.put(quoted, new Cursors.Cursor(1, 2, 3));
    c.put(unicode, new Cursors.Cursor(0, 0, 0));
    c.put(plain, new Cursors.Cursor(4_000_000_000L, 18, 1_700_000_001_000L)); // replaces
    c.flush();

    Cursors back = Cursors.open(file());

    assertThat(back.get(plain))
        .contains(new Cursors.Cursor(4_000_000_000L, 18, 1_700_000_001_000L));
    assertThat(back.get(quoted)).contains(new Cursors.Cursor(1, 2, 3));
    assertThat(back.get(unicode)).contains(new Cursors.Cursor(0, 0, 0));
    assertThat(back.get(new Cursors.Stream(B, "greenhouse/1/air"))).isEmpty();
    assertThat(Files.readString(file(), StandardCharsets.UTF_8)).contains("température");
  }

  @Test
  void a_missing_file_means_no_cursors_and_is_not_created_without_changes() throws IOException {
    Cursors c = Cursors.open(file());

    assertThat(c.get(new Cursors.Stream(A, "t"))).isEmpty();
    c.flush();
    assertThat(file()).doesNotExist();
  }

  @Test
  void flush_writes_only_after_a_change() throws IOException {
    Cursors c = Cursors.open(file());
    c.put(new Cursors.Stream(A, "t"), new Cursors.Cursor(1, 1, 1));
    c.flush();
    assertThat(file()).exists();

    Files.delete(file());
    c.flush(); // nothing changed since: nothing written
    assertThat(file()).doesNotExist();

    c.put(new Cursors.Stream(A, "t"), new Cursors.Cursor(1, 2, 2));
    c.flush();
    assertThat(Cursors.open(file()).get(new Cursors.Stream(A, "t")))
        .contains(new Cursors.Cursor(1, 2, 2));
  }

  @Test
  void reopening_and_flushing_without_changes_leaves_the_file_alone() throws IOException {
    Cursors c = Cursors.open(file());
    c.put(new Cursors.Stream(A, "t"), new Cursors.Cursor(1, 1, 1));
    c.flush();
    Files.writeString(file(), "{\"streams\":[]}"); // would be replaced by a write

    Cursors.open(file()).flush();

    assertThat(file()).hasContent("{\"streams\":[]}");
  }

  @Test
  void null_keeps_cursors_in_memory_only() throws IOException {
    Cursors c = Cursors.open(null);
    c.put(new Cursors.Stream(A, "t"), new Cursors.Cursor(5, 6, 7));
    c.flush();

    assertThat(c.get(new Cursors.Stream(A, "t"))).contains(new Cursors.Cursor(5, 6, 7));
    try (var files = Files.list(dir)) {
      assertThat(files).isEmpty();
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "not json at all",
        "[]",
        "{}",
        "{\"other\":[]}",
        "{\"streams\":{}}",
        "{\"streams\":[{\"origin\":\"aeaqcaibaeaqcaibaeaqcaibae\",\"topic\":\"t\",",
        "{\"streams\":[1,2]}",
        "{\"streams\":[\"x\"]}",
        "{\"streams\":[" + GOOD + ",5," + GOOD + "]}",
        "{\"streams\":[{\"origin\":{\"nested\":1},\"topic\":\"t\"}]}",
      })
  void a_malformed_file_is_reported_not_read_as_empty(String content) throws IOException {
    Files.writeString(file(), content);

    assertThatIOException().isThrownBy(() -> Cursors.open(file()));
  }

  @Test
  void the_good_cursor_used_below_is_readable() throws IOException {
    Files.writeString(file(), "{\"streams\":[" + GOOD + "]}");

    assertThat(Cursors.open(file()).get(new Cursors.Stream(A, "t")))
        .contains(new Cursors.Cursor(1, 2, 3));
  }

  @Test
  void a_truncated_file_is_reported() throws IOException {
    Cursors c = Cursors.open(file());
    for (int i = 0; i < 10; i++) {
      c.put(new Cursors.Stream(A, "t/" + i), new Cursors.Cursor(1, i, i));
    }
    c.flush();
    byte[] whole = Files.readAllBytes(file());
    Files.write(file(), Arrays.copyOf(whole, whole.length / 2));

    assertThatIOException().isThrownBy(() -> Cursors.open(file()));
  }

  @Test
  void a_bad_cursor_is_skipped_and_the_others_kept() throws IOException {
    Files.writeString(
        file(),
        "{\"streams\":["
            + "{\"origin\":\"not a node id\",\"topic\":\"t\",\"epoch\":1,\"delivered\":1,\"time\":1},"
            + "{\"origin\":\""
            + A
            + "\",\"topic\":\"t\",\"epoch\":1,\"delivered\":\"many\",\"time\":1},"
            + "{\"origin\":\""
            + A
            + "\",\"topic\":\"u\",\"epoch\":3,\"delivered\":9,\"time\":27}"
            + "]}");

    Cursors c = Cursors.open(file());

    assertThat(c.get(new Cursors.Stream(A, "t"))).isEmpty();
    assertThat(c.get(new Cursors.Stream(A, "u"))).contains(new Cursors.Cursor(3, 9, 27));
  }
}
