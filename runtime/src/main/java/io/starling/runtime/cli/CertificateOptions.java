package io.starling.runtime.cli;

import io.starling.runtime.trust.TrustException;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The options of the commands that issue a device certificate ({@code ca sign}, {@code enroll}):
 * {@code --groups} and {@code --days}.
 */
final class CertificateOptions {

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

  /** The groups as given; none if the option is absent. */
  List<String> groups() {
    return groups == null ? List.of() : groups;
  }

  /** The validity, checked against {@link TrustCli#MAX_DAYS}. */
  Duration validity() throws TrustException {
    return TrustCli.days(days);
  }
}
