package io.starling.runtime.cli;

import io.starling.runtime.trust.DeviceCertificate;
import io.starling.runtime.trust.DeviceFiles;
import io.starling.runtime.trust.MeshCa;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
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

  @Option(
      names = "--groups",
      split = ",",
      paramLabel = "GROUP",
      description = "Groups, comma-separated (subject OUs).")
  private List<String> groups;

  @Option(
      names = "--days",
      paramLabel = "N",
      defaultValue = "365",
      description = "Validity in days. Default: ${DEFAULT-VALUE}.")
  private int days;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Device directory.")
  private Path out;

  @Override
  public Integer call() {
    PrintWriter stdout = spec.commandLine().getOut();
    return TrustCli.run(
        "starling enroll",
        spec.commandLine().getErr(),
        () -> {
          MeshCa ca = MeshCa.load(caDir);
          DeviceCertificate cert =
              DeviceFiles.enroll(
                  ca, out, name, TrustCli.groups(groups), TrustCli.days(days), new SecureRandom());
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
          stdout.flush();
          return 0;
        });
  }
}
