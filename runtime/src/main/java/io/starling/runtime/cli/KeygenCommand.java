package io.starling.runtime.cli;

import io.starling.runtime.trust.CertificateRequest;
import io.starling.runtime.trust.DeviceFiles;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code starling keygen --out DIR [--name NAME]}: on the device, make a key and a certificate
 * request for {@code starling ca sign}; the key never leaves the device (docs/TRUST.md).
 */
@Command(
    name = "keygen",
    description =
        "Make a device key DIR/node.key (mode 0600) and a certificate request DIR/node.csr for"
            + " 'starling ca sign'.",
    mixinStandardHelpOptions = true)
final class KeygenCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Device directory.")
  private Path out;

  @Option(
      names = "--name",
      paramLabel = "NAME",
      description = "The name to request (subject CN). Default: the node id.")
  private String name;

  @Override
  public Integer call() {
    return TrustCli.run(
        spec,
        "starling keygen",
        stdout -> {
          CertificateRequest request = DeviceFiles.keygen(out, name, new SecureRandom());
          stdout.println(
              "wrote "
                  + out.resolve(DeviceFiles.NODE_KEY)
                  + " (private key, mode 0600; stays here)");
          stdout.println(
              "wrote "
                  + out.resolve(DeviceFiles.NODE_CSR)
                  + ": request for node "
                  + request.name()
                  + " id "
                  + request.nodeId()
                  + "; have it signed with: starling ca sign --ca CA_DIR --csr "
                  + out.resolve(DeviceFiles.NODE_CSR));
        });
  }
}
