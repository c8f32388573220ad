package io.starling.runtime.profile;

import io.starling.runtime.trust.CaCertificate;
import io.starling.runtime.trust.DeviceCertificate;
import io.starling.runtime.trust.RevocationList;
import io.starling.runtime.trust.TrustException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Checks the files the {@code security} section names, after binding: {@code trust} must be a mesh
 * CA certificate, {@code certificate} a device certificate, and {@code revoked} a readable
 * revocation file whose every line is a node id or a serial. Each problem is located at the path's
 * value in the profile.
 */
final class TrustFileChecker {

  private final LocatedYaml yaml;
  private final Problems problems;

  TrustFileChecker(LocatedYaml yaml, Problems problems) {
    this.yaml = yaml;
    this.problems = problems;
  }

  void check(SecuritySettings security) {
    NodePath trust = NodePath.of("security", "trust");
    security
        .trustFile()
        .ifPresent(f -> check(trust, () -> CaCertificate.readPem(f), "a mesh CA certificate"));
    NodePath cert = NodePath.of("security", "certificate");
    security
        .certificateFile()
        .ifPresent(f -> check(cert, () -> DeviceCertificate.readPem(f), "a device certificate"));
    security.revokedFile().ifPresent(this::revoked);
  }

  private interface Reader {
    void read() throws TrustException;
  }

  private void check(NodePath at, Reader reader, String what) {
    try {
      reader.read();
    } catch (TrustException e) {
      problems.add(yaml.valueAt(at), at + " must be " + what + ": " + e.getMessage());
    }
  }

  private void revoked(Path file) {
    NodePath at = NodePath.of("security", "revoked");
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      problems.add(yaml.valueAt(at), at + ": " + file + ": no such file");
      return;
    } catch (IOException e) {
      problems.add(yaml.valueAt(at), at + ": " + file + ": cannot read: " + e.getMessage());
      return;
    }
    for (String problem : RevocationList.parse(text).problems()) {
      problems.add(yaml.valueAt(at), at + ": " + file + " " + problem);
    }
  }
}
