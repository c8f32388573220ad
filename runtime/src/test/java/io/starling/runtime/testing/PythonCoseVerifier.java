package io.starling.runtime.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * An independent COSE_Sign1 verifier: {@code src/test/resources/cose/verify_cose_sign1.py} on
 * Debian's python3-cbor2 and python3-cryptography, which builds the Sig_structure itself.
 */
public final class PythonCoseVerifier {

  /** What the script said: exit 0 valid, 1 bad signature, 2 malformed; one JSON line. */
  public record Outcome(int exit, String output) {}

  private PythonCoseVerifier() {}

  /** Installs the Debian packages the script needs, if missing (see {@link DebianPackages}). */
  public static void ensureInstalled() {
    DebianPackages.ensurePythonModules(
        List.of("cbor2", "cryptography"), "python3-cbor2", "python3-cryptography");
  }

  /** Verifies {@code message} under {@code publicKey}, working in {@code dir}. */
  public static Outcome verify(Path dir, byte[] message, byte[] publicKey)
      throws IOException, InterruptedException {
    Path script = dir.resolve("verify_cose_sign1.py");
    try (InputStream in =
        PythonCoseVerifier.class.getResourceAsStream("/cose/verify_cose_sign1.py")) {
      Files.write(script, in.readAllBytes());
    }
    Path file = Files.createTempFile(dir, "message", ".cbor");
    Files.write(file, message);
    Process p =
        new ProcessBuilder(
                DebianPackages.PYTHON,
                script.toString(),
                file.toString(),
                HexFormat.of().formatHex(publicKey))
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException("python verifier timed out");
    }
    return new Outcome(p.exitValue(), out);
  }
}
