package io.starling.runtime.cli;

import io.starling.runtime.trust.DeviceCertificate;
import io.starling.runtime.trust.DeviceFiles;
import io.starling.runtime.trust.MeshCa;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code starling enroll --ca DIR --name NAME [--groups a,b] [--days N] --out DIR}: on the
 * operator's machine, make a device's key and certificate in one step (docs/TRUST.md).
 */
@Command(
    name = "enroll",
    description =
        "Make a device key and its certificate: DIR/node.key (mode 0600), DIR/node.crt and a copy"
            + " of the CA certificate DIR/ca.crt.",
    mixinStandardHelpOptions = true)
final class EnrollCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Option(names = "--ca", required = true, paramLabel = "DIR", description = "CA directory.")
  private Path caDir;

  @Option(
      names = "--name",
      required = true,
      paramLabel = "NAME",
      description = "The device's name (subject CN).")
  private String name;

  @Mixin private CertificateOptions certificate;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Device directory.")
  private Path out;

  @Override
  public Integer call() {
    return TrustCli.run(
        spec,
        "starling enroll",
        stdout -> {
          MeshCa ca = MeshCa.load(caDir);
          DeviceCertificate cert =
              DeviceFiles.enroll(
                  ca, out, name, certificate.groups(), certificate.validity(), new SecureRandom());
          stdout.println(
              "wrote " + out.resolve(DeviceFiles.NODE_KEY) + " (private key, mode 0600)");
          stdout.println(
              "wrote " + out.resolve(DeviceFiles.NODE_CERT) + ": " + TrustCli.describe(cert));
          stdout.println(
              "wrote "
                  + out.resolve(DeviceFiles.CA_CERT)
                  + " (mesh CA "
                  + ca.certificate().name()
                  + ")");
        });
  }
}
