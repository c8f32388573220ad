package io.starling.runtime.profile;

import java.util.Objects;

/**
 * One entry of {@code subscriptions}.
 *
 * @param filter an MQTT-style topic filter ({@code greenhouse/+/air}, {@code greenhouse/#})
 */
public record SubscriptionSpec(String filter) {

  /** Rejects null. */
  public SubscriptionSpec {
    Objects.requireNonNull(filter, "filter");
  }
}
