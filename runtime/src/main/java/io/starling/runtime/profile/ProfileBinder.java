package io.starling.runtime.profile;

import com.fasterxml.jackson.databind.JsonNode;
import io.starling.runtime.trust.AllowEntry;
import io.starling.runtime.trust.TrustException;
import io.starling.runtime.util.Durations;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the {@link Profile} records from a tree that passed the schema and semantic checks,
 * filling in every default the records document. Only path syntax can still fail here (the schema
 * cannot know the platform's rules); such paths become problems.
 */
final class ProfileBinder {

  /** The groups allowed to command an actuator whose profile entry has no {@code allow}. */
  static final List<String> DEFAULT_ALLOW = List.of("admin");

  /** The key file's name inside the data directory when {@code security.key} is not given. */
  static final String DEFAULT_KEY_FILE = "node.key";

  private final Path stateRoot;

  ProfileBinder(Path stateRoot) {
    this.stateRoot = stateRoot;
  }

  /**
   * @param source the profile file as given; relative paths resolve against its directory
   * @return the profile, or {@code null} if a path was invalid (then {@code problems} says where)
   */
  Profile bind(Path source, LocatedYaml yaml, Problems problems) {
    JsonNode root = yaml.root();
    Path base = source.toAbsolutePath().normalize().getParent();
    Paths paths = new Paths(base, yaml, problems);

    JsonNode node = root.path("node");
    String name = node.path("name").asText();
    Path dataDir = paths.resolve(NodePath.of("node", "data"), node.get("data"));
    if (dataDir == null) {
      dataDir = stateRoot.resolve(name);
    }
    NodeSettings nodeSettings = new NodeSettings(name, node.path("mesh").asText(), dataDir);

    JsonNode security = root.path("security");
    Path key = paths.resolve(NodePath.of("security", "key"), security.get("key"));
    SecuritySettings securitySettings =
        new SecuritySettings(
            key != null ? key : dataDir.resolve(DEFAULT_KEY_FILE),
            paths.resolve(NodePath.of("security", "certificate"), security.get("certificate")),
            paths.resolve(NodePath.of("security", "trust"), security.get("trust")),
            allow(security.path("allow"), yaml, problems),
            paths.resolve(NodePath.of("security", "revoked"), security.get("revoked")));

    Profile profile =
        new Profile(
            source,
            nodeSettings,
            network(root.path("network")),
            securitySettings,
            sensors(name, root.path("sensors")),
            actuators(root.path("actuators")),
            subscriptions(root.path("subscriptions"), paths),
            automations(root.path("automations"), yaml, problems),
            logLimits(root.path("pubsub"), yaml, problems));
    return problems.isEmpty() ? profile : null;
  }

  private static List<AllowEntry> allow(JsonNode list, LocatedYaml yaml, Problems problems) {
    List<AllowEntry> entries = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      JsonNode e = list.get(i);
      NodePath at = NodePath.of("security", "allow", i);
      JsonNode keyOrId = e.has("key") ? e.get("key") : e.get("id");
      try {
        entries.add(
            AllowEntry.parse(
                keyOrId.asText(),
                e.has("name") ? e.get("name").asText() : null,
                strings(e.path("groups"), List.of())));
      } catch (TrustException ex) {
        problems.add(yaml.valueAt(at), at + ": " + ex.getMessage());
      }
    }
    return entries;
  }

  private static NetworkSettings network(JsonNode network) {
    NetworkSettings defaults = NetworkSettings.defaults();
    return new NetworkSettings(
        network.path("bind").asText(defaults.bind()),
        network.path("port").asInt(defaults.port()),
        strings(network.path("interfaces"), defaults.interfaces()),
        strings(network.path("peers"), defaults.peers()),
        network.path("discovery").asBoolean(defaults.discovery()));
  }

  private static List<SensorSpec> sensors(String nodeName, JsonNode list) {
    List<SensorSpec> sensors = new ArrayList<>();
    for (JsonNode s : list) {
      String name = s.path("name").asText();
      Duration interval =
          s.has("interval")
              ? Durations.parse(s.get("interval").asText())
              : SensorSpec.DEFAULT_INTERVAL;
      sensors.add(
          new SensorSpec(
              name,
              s.path("driver").asText(),
              interval,
              s.path("topic").asText(nodeName + "/" + name),
              DriverConfigs.of(s.get("config"))));
    }
    return sensors;
  }

  private static List<ActuatorSpec> actuators(JsonNode list) {
    List<ActuatorSpec> actuators = new ArrayList<>();
    for (JsonNode a : list) {
      actuators.add(
          new ActuatorSpec(
              a.path("name").asText(),
              a.path("driver").asText(),
              DriverConfigs.of(a.get("config")),
              strings(a.path("allow"), DEFAULT_ALLOW)));
    }
    return actuators;
  }

  private static List<SubscriptionSpec> subscriptions(JsonNode list, Paths paths) {
    List<SubscriptionSpec> subscriptions = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      JsonNode s = list.get(i);
      subscriptions.add(
          new SubscriptionSpec(
              s.path("filter").asText(),
              paths.resolve(NodePath.of("subscriptions", i, "log"), s.get("log"))));
    }
    return subscriptions;
  }

  private static List<AutomationSpec> automations(
      JsonNode list, LocatedYaml yaml, Problems problems) {
    List<AutomationSpec> out = new ArrayList<>();
    java.util.Set<String> names = new java.util.HashSet<>();
    for (int i = 0; i < list.size(); i++) {
      JsonNode a = list.get(i);
      JsonNode when = a.path("when");
      String name = a.path("name").asText();
      if (!names.add(name)) {
        problems.add(
            yaml.valueAt(NodePath.of("automations", i, "name")),
            "automations[" + i + "]: name '" + name + "' is used twice");
      }
      int set =
          (when.has("above") ? 1 : 0) + (when.has("below") ? 1 : 0) + (when.has("equals") ? 1 : 0);
      if (set != 1) {
        problems.add(
            yaml.keyAt(NodePath.of("automations", i, "when")),
            "automations["
                + i
                + "].when: give exactly one of above, below or equals (found "
                + set
                + ")");
        continue;
      }
      try {
        io.starling.runtime.pubsub.Topics.checkFilter(when.path("topic").asText());
      } catch (IllegalArgumentException e) {
        problems.add(
            yaml.valueAt(NodePath.of("automations", i, "when", "topic")),
            "automations[" + i + "].when.topic: " + e.getMessage());
        continue;
      }
      AutomationSpec.Condition condition =
          new AutomationSpec.Condition(
              when.has("above") ? when.path("above").asDouble() : null,
              when.has("below") ? when.path("below").asDouble() : null,
              when.has("equals") ? value(when.get("equals")) : null);
      out.add(
          new AutomationSpec(
              name,
              when.path("topic").asText(),
              when.path("reading").asText(),
              condition,
              action(a.path("then")),
              a.has("otherwise") ? action(a.path("otherwise")) : null));
    }
    return out;
  }

  private static io.starling.runtime.pubsub.LogLimits logLimits(
      JsonNode pubsub, LocatedYaml yaml, Problems problems) {
    io.starling.runtime.pubsub.LogLimits d = io.starling.runtime.pubsub.LogLimits.defaults();
    long bytes = d.maxBytes();
    if (pubsub.has("log_size")) {
      String t = pubsub.path("log_size").asText();
      long n = Long.parseLong(t.replaceAll("[^0-9]", ""));
      bytes = t.endsWith("MiB") ? n * 1024 * 1024 : n * 1024;
      if (bytes < 16 * 1024) {
        problems.add(
            yaml.valueAt(NodePath.of("pubsub", "log_size")),
            "pubsub.log_size " + t + " is below the least, 16KiB");
        bytes = d.maxBytes();
      }
    }
    java.time.Duration age =
        pubsub.has("log_age") ? Durations.parse(pubsub.path("log_age").asText()) : d.maxAge();
    if (age.isZero()) {
      problems.add(
          yaml.valueAt(NodePath.of("pubsub", "log_age")), "pubsub.log_age must be positive");
      age = d.maxAge();
    }
    return new io.starling.runtime.pubsub.LogLimits(bytes, age);
  }

  private static AutomationSpec.Action action(JsonNode a) {
    return new AutomationSpec.Action(
        a.path("node").asText(), a.path("actuator").asText(), value(a.get("value")));
  }

  /** A YAML scalar as a value: booleans (on/off/true/false), numbers, else text. */
  private static io.starling.runtime.driver.spi.Value value(JsonNode v) {
    if (v == null || v.isNull()) {
      return io.starling.runtime.driver.spi.Value.of("");
    }
    if (v.isBoolean()) {
      return io.starling.runtime.driver.spi.Value.of(v.asBoolean());
    }
    if (v.isNumber()) {
      return io.starling.runtime.driver.spi.Value.of(v.asDouble());
    }
    String t = v.asText();
    return switch (t) {
      case "on", "true" -> io.starling.runtime.driver.spi.Value.of(true);
      case "off", "false" -> io.starling.runtime.driver.spi.Value.of(false);
      default -> io.starling.runtime.driver.spi.Value.of(t);
    };
  }

  private static List<String> strings(JsonNode list, List<String> defaultValue) {
    if (!list.isArray()) {
      return defaultValue;
    }
    List<String> strings = new ArrayList<>();
    list.forEach(item -> strings.add(item.asText()));
    return strings;
  }

  /** Resolves the profile's paths against its directory. */
  private record Paths(Path base, LocatedYaml yaml, Problems problems) {

    /** The path, absolute; {@code null} if absent or invalid (then a problem is added). */
    Path resolve(NodePath at, JsonNode value) {
      if (value == null || !value.isTextual()) {
        return null;
      }
      try {
        return base.resolve(value.asText()).normalize();
      } catch (InvalidPathException e) {
        problems.add(
            yaml.valueAt(at),
            at + " '" + value.asText() + "' is not a valid path: " + e.getReason());
        return null;
      }
    }
  }
}
