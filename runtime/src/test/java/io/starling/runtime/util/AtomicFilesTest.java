package io.starling.runtime.util;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {

  @TempDir Path dir;

  @Test
  void writes_a_new_file_and_its_parent_directories_leaving_no_temporary_file() throws Exception {
    Path file = dir.resolve("a/b/state.txt");

    AtomicFiles.write(file, bytes("one"));

    assertThat(Files.readString(file)).isEqualTo("one");
    assertThat(Files.list(file.getParent())).containsExactly(file);
  }

  @Test
  void refuses_to_overwrite_without_replace_existing() throws Exception {
    Path file = dir.resolve("state.txt");
    AtomicFiles.write(file, bytes("one"));

    assertThatThrownBy(() -> AtomicFiles.write(file, bytes("two")))
        .isInstanceOf(FileAlreadyExistsException.class);

    assertThat(Files.readString(file)).isEqualTo("one");
    assertThat(Files.list(dir)).containsExactly(file);
  }

  @Test
  void replaces_with_replace_existing_and_sync() throws Exception {
    Path file = dir.resolve("state.txt");
    AtomicFiles.write(file, bytes("one"));

    AtomicFiles.write(
        file, bytes("two"), AtomicFiles.Option.REPLACE_EXISTING, AtomicFiles.Option.SYNC_DIRECTORY);

    assertThat(Files.readString(file)).isEqualTo("two");
    assertThat(Files.list(dir)).containsExactly(file);
  }

  @Test
  void owner_only_creates_mode_0600_even_over_a_stale_temporary_file() throws Exception {
    Path file = dir.resolve("secret.key");
    Files.writeString(dir.resolve("secret.key.tmp"), "stale");

    AtomicFiles.write(file, bytes("key"), AtomicFiles.Option.OWNER_ONLY);

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    assertThat(Files.readString(file)).isEqualTo("key");
    assertThat(Files.list(dir)).containsExactly(file);
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }
}
