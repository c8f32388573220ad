package io.starling.runtime.cli;

import io.starling.runtime.trust.CaCertificate;
import io.starling.runtime.trust.CertificateRequest;
import io.starling.runtime.trust.DeviceCertificate;
import io.starling.runtime.trust.DeviceFiles;
import io.starling.runtime.trust.MeshCa;
import io.starling.runtime.trust.TrustException;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code starling ca init|sign}: the mesh CA on the operator's machine (docs/TRUST.md). */
@Command(
    name = "ca",
    description = "Create a mesh CA and sign device certificate requests (docs/TRUST.md).",
    mixinStandardHelpOptions = true,
    subcommands = {CaCommand.Init.class, CaCommand.Sign.class})
final class CaCommand {

  /** {@code starling ca init --out DIR [--name NAME] [--days N]}. */
  @Command(
      name = "init",
      description = "Create a mesh CA: DIR/ca.key (private, mode 0600) and DIR/ca.crt.",
      mixinStandardHelpOptions = true)
  static final class Init implements Callable<Integer> {

    @Spec private CommandSpec spec;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "CA directory.")
    private Path out;

    @Option(
        names = "--name",
        paramLabel = "NAME",
        defaultValue = "starling-ca",
        description = "The CA's name (subject CN). Default: ${DEFAULT-VALUE}.")
    private String name;

    @Option(
        names = "--days",
        paramLabel = "N",
        defaultValue = "3650",
        description = "Validity in days. Default: ${DEFAULT-VALUE}.")
    private int days;

    @Override
    public Integer call() {
      return TrustCli.run(
          spec,
          "starling ca init",
          stdout -> {
            MeshCa ca = MeshCa.init(out, name, TrustCli.days(days));
            CaCertificate c = ca.certificate();
            stdout.println(
                "wrote "
                    + out.resolve(MeshCa.KEY_FILE)
                    + " (CA private key, mode 0600; keep it offline)");
            stdout.println("wrote " + out.resolve(MeshCa.CERT_FILE) + " (CA certificate)");
            stdout.println(
                "mesh CA " + c.name() + " key id " + c.keyId() + " expires " + c.notAfter());
          });
    }
  }

  /**
   * {@code starling ca sign --ca DIR --csr FILE [--groups a,b] [--days N] [--name NAME] [--out
   * FILE]}.
   */
  @Command(
      name = "sign",
      description =
          "Verify a certificate request (starling keygen) and issue its certificate; the device's"
              + " key never leaves the device.",
      mixinStandardHelpOptions = true)
  static final class Sign implements Callable<Integer> {

    @Spec private CommandSpec spec;

    @Option(names = "--ca", required = true, paramLabel = "DIR", description = "CA directory.")
    private Path caDir;

    @Option(
        names = "--csr",
        required = true,
        paramLabel = "FILE",
        description = "The request (PEM PKCS#10), e.g. node.csr.")
    private Path csr;

    @Mixin private CertificateOptions certificate;

    @Option(
        names = "--name",
        paramLabel = "NAME",
        description = "Certify this name instead of the request's CN.")
    private String name;

    @Option(
        names = "--out",
        paramLabel = "FILE",
        description = "Certificate file. Default: node.crt next to the request.")
    private Path outFile;

    @Override
    public Integer call() {
      return TrustCli.run(
          spec,
          "starling ca sign",
          stdout -> {
            Path target = outFile != null ? outFile : sibling(csr, DeviceFiles.NODE_CERT);
            if (Files.exists(target)) {
              throw new TrustException(target + " already exists; refusing to overwrite it");
            }
            MeshCa ca = MeshCa.load(caDir);
            CertificateRequest request = CertificateRequest.readPem(csr);
            DeviceCertificate cert =
                ca.sign(request, name, certificate.groups(), certificate.validity());
            write(cert, target);
            stdout.println("wrote " + target + ": " + TrustCli.describe(cert));
          });
    }

    private static Path sibling(Path file, String name) {
      return file.getParent() == null ? Path.of(name) : file.getParent().resolve(name);
    }

    private static void write(DeviceCertificate cert, Path target)
        throws IOException, TrustException {
      try {
        cert.writePem(target);
      } catch (FileAlreadyExistsException e) {
        throw new TrustException(target + " already exists; refusing to overwrite it");
      }
    }
  }
}
