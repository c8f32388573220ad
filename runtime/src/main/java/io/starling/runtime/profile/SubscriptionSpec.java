package io.starling.runtime.profile;

import java.util.Objects;

/**
 * One entry of {@code subscriptions}.
 *
 * @param filter an MQTT-style topic filter ({@code greenhouse/+/air}, {@code greenhouse/#})
 * @param log a file every delivered message is appended to as a JSON line, or {@code null}
 */
public record SubscriptionSpec(String filter, java.nio.file.Path log) {

  /** A subscription without a log file. */
  public SubscriptionSpec(String filter) {
    this(filter, null);
  }

  /** Rejects null. */
  public SubscriptionSpec {
    Objects.requireNonNull(filter, "filter");
  }
}
