package io.starling.runtime.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyFilesTest {

  @TempDir Path dir;

  @Test
  void creates_a_key_with_mode_0600_on_first_use() throws Exception {
    Path file = dir.resolve("state/node.key");

    KeyFiles.Loaded loaded = KeyFiles.loadOrCreate(file, new SecureRandom());

    assertThat(loaded.created()).isTrue();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    assertThat(Files.readString(file)).startsWith("-----BEGIN PRIVATE KEY-----");
    assertThat(Files.list(file.getParent())).containsExactly(file);
  }

  @Test
  void reloads_the_same_key_and_keeps_the_node_id_stable() throws Exception {
    Path file = dir.resolve("node.key");
    NodeId first = KeyFiles.loadOrCreate(file, new SecureRandom()).identity().id();

    KeyFiles.Loaded again = KeyFiles.loadOrCreate(file, new SecureRandom());

    assertThat(again.created()).isFalse();
    assertThat(again.identity().id()).isEqualTo(first);
    assertThat(KeyFiles.load(file).publicKeyText()).isEqualTo(again.identity().publicKeyText());
  }

  @Test
  void writes_pkcs8_that_decodes_to_the_rfc8410_ed25519_algorithm() throws Exception {
    Path file = dir.resolve("node.key");
    KeyFiles.write(file, NodeIdentity.fromSeed(new byte[32]));

    String pem = Files.readString(file);
    String base64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
    byte[] der = java.util.Base64.getDecoder().decode(base64);

    // RFC 8410 §7: 302e020100300506032b657004220420 || 32-byte seed
    assertThat(java.util.HexFormat.of().formatHex(der, 0, 16))
        .isEqualTo("302e020100300506032b657004220420");
    assertThat(der).hasSize(48);
  }

  @Test
  void refuses_a_key_that_others_can_read() throws Exception {
    Path file = dir.resolve("node.key");
    KeyFiles.loadOrCreate(file, new SecureRandom());
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

    assertThatThrownBy(() -> KeyFiles.load(file))
        .isInstanceOf(KeyFileException.class)
        .hasMessageContaining("accessible by others")
        .hasMessageContaining("chmod 600");
  }

  @Test
  void rejects_a_malformed_key_file_with_its_name() throws Exception {
    Path file = dir.resolve("node.key");
    Files.writeString(file, "not a key", StandardCharsets.US_ASCII);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));

    assertThatThrownBy(() -> KeyFiles.load(file))
        .isInstanceOf(KeyFileException.class)
        .hasMessageStartingWith(file.toString());
  }

  @Test
  void never_overwrites_an_existing_key() throws Exception {
    Path file = dir.resolve("node.key");
    KeyFiles.write(file, NodeIdentity.generate(new SecureRandom()));

    assertThatThrownBy(() -> KeyFiles.write(file, NodeIdentity.generate(new SecureRandom())))
        .isInstanceOf(java.nio.file.FileAlreadyExistsException.class);
  }
}
