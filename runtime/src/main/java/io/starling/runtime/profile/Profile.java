package io.starling.runtime.profile;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A validated device profile: everything one node needs to start. Built only by {@link
 * ProfileLoader}, which checks it against the schema and the drivers; see {@code docs/PROFILE.md}.
 *
 * @param source the file it was read from (relative paths in it resolve against its directory)
 * @param node who the node is
 * @param network where it listens and whom it talks to
 * @param security its key and trust anchors
 * @param sensors the sensors it samples, in profile order
 * @param actuators the actuators it drives, in profile order
 * @param subscriptions topic filters it subscribes to
 * @param automations rules that command actuators when readings cross conditions
 * @param logLimits how much of its own publications the node keeps per topic ({@code pubsub})
 */
public record Profile(
    Path source,
    NodeSettings node,
    NetworkSettings network,
    SecuritySettings security,
    List<SensorSpec> sensors,
    List<ActuatorSpec> actuators,
    List<SubscriptionSpec> subscriptions,
    List<AutomationSpec> automations,
    io.starling.runtime.pubsub.LogLimits logLimits) {

  /** A profile without automations, with the default log limits. */
  public Profile(
      Path source,
      NodeSettings node,
      NetworkSettings network,
      SecuritySettings security,
      List<SensorSpec> sensors,
      List<ActuatorSpec> actuators,
      List<SubscriptionSpec> subscriptions) {
    this(
        source,
        node,
        network,
        security,
        sensors,
        actuators,
        subscriptions,
        List.of(),
        io.starling.runtime.pubsub.LogLimits.defaults());
  }

  /** A profile with automations and the default log limits. */
  public Profile(
      Path source,
      NodeSettings node,
      NetworkSettings network,
      SecuritySettings security,
      List<SensorSpec> sensors,
      List<ActuatorSpec> actuators,
      List<SubscriptionSpec> subscriptions,
      List<AutomationSpec> automations) {
    this(
        source,
        node,
        network,
        security,
        sensors,
        actuators,
        subscriptions,
        automations,
        io.starling.runtime.pubsub.LogLimits.defaults());
  }

  /** Copies the lists and rejects nulls. */
  public Profile {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(node, "node");
    Objects.requireNonNull(network, "network");
    Objects.requireNonNull(security, "security");
    sensors = List.copyOf(sensors);
    actuators = List.copyOf(actuators);
    subscriptions = List.copyOf(subscriptions);
    automations = List.copyOf(automations);
    Objects.requireNonNull(logLimits, "logLimits");
  }

  /** The sensor with this name, if any. */
  public Optional<SensorSpec> sensor(String name) {
    return sensors.stream().filter(s -> s.name().equals(name)).findFirst();
  }

  /** The actuator with this name, if any. */
  public Optional<ActuatorSpec> actuator(String name) {
    return actuators.stream().filter(a -> a.name().equals(name)).findFirst();
  }
}
