package io.starling.runtime.profile;

import com.fasterxml.jackson.databind.JsonNode;
import io.starling.runtime.driver.DriverRegistry;
import io.starling.runtime.driver.spi.DriverFactory;
import io.starling.runtime.driver.spi.InvalidDriverConfigException;
import io.starling.runtime.trust.AllowEntry;
import io.starling.runtime.trust.TrustException;
import io.starling.runtime.util.Durations;
import io.starling.runtime.util.Suggestions;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The rules a JSON Schema cannot express: unique sensor and actuator names, known driver types,
 * driver configs the driver accepts, the minimum sampling interval and peer port ranges.
 *
 * <p>Runs on trees the schema may have rejected, so every check looks only at values of the
 * expected type and leaves the rest to the schema's problems; that way one run reports all.
 */
final class SemanticChecker {

  private static final Pattern DURATION = Pattern.compile("[0-9]+(ms|s|m|h|d)");
  private static final Pattern PEER = Pattern.compile(".+:([0-9]{1,5})");

  private final DriverRegistry registry;

  SemanticChecker(DriverRegistry registry) {
    this.registry = registry;
  }

  void check(LocatedYaml yaml, Problems problems) {
    JsonNode root = yaml.root();
    if (root == null || !root.isObject()) {
      return;
    }
    new Run(yaml, problems).all(root);
  }

  /** One check of one document. */
  private final class Run {

    private final LocatedYaml yaml;
    private final Problems problems;

    Run(LocatedYaml yaml, Problems problems) {
      this.yaml = yaml;
      this.problems = problems;
    }

    void all(JsonNode root) {
      entries(root, "sensors", "sensor", registry.sensorTypes(), registry::sensor);
      entries(root, "actuators", "actuator", registry.actuatorTypes(), registry::actuator);
      intervals(root.path("sensors"));
      peers(root.path("network").path("peers"));
      security(root.path("security"));
    }

    private void security(JsonNode security) {
      JsonNode allow = security.path("allow");
      if (!allow.isArray()) {
        return;
      }
      if (security.has("trust") && !allow.isEmpty()) {
        problems.add(
            yaml.keyAt(NodePath.of("security", "allow")),
            "security.allow: a mesh admits by CA (security.trust) or by allowlist"
                + " (security.allow), not both; remove one");
      }
      Map<String, Integer> firstById = new HashMap<>();
      for (int i = 0; i < allow.size(); i++) {
        JsonNode entry = allow.get(i);
        NodePath at = NodePath.of("security", "allow", i);
        if (!entry.isObject()) {
          continue;
        }
        if (entry.has("key") == entry.has("id")) {
          problems.add(yaml.valueAt(at), at + ": give exactly one of key or id");
          continue;
        }
        JsonNode keyOrId = entry.has("key") ? entry.get("key") : entry.get("id");
        if (!keyOrId.isTextual()) {
          continue;
        }
        String id;
        try {
          id = AllowEntry.idOf(keyOrId.asText()).toString();
        } catch (TrustException e) {
          continue; // the schema's pattern reports it
        }
        Integer first = firstById.putIfAbsent(id, i);
        if (first != null) {
          problems.add(
              yaml.valueAt(at),
              at
                  + " names node "
                  + id
                  + ", as "
                  + NodePath.of("security", "allow", first)
                  + " does");
        }
      }
    }

    private void entries(
        JsonNode root,
        String section,
        String kind,
        SortedSet<String> types,
        Function<String, Optional<? extends DriverFactory>> lookup) {
      JsonNode list = root.path(section);
      if (!list.isArray()) {
        return;
      }
      Map<String, Integer> firstByName = new HashMap<>();
      for (int i = 0; i < list.size(); i++) {
        JsonNode entry = list.get(i);
        NodePath at = NodePath.of(section, i);
        if (!entry.isObject()) {
          continue;
        }
        JsonNode name = entry.path("name");
        if (name.isTextual()) {
          Integer first = firstByName.putIfAbsent(name.asText(), i);
          if (first != null) {
            problems.add(
                yaml.valueAt(at.child("name")),
                at.child("name")
                    + " '"
                    + name.asText()
                    + "' is already used by "
                    + NodePath.of(section, first));
          }
        }
        JsonNode driver = entry.path("driver");
        if (driver.isTextual()) {
          Optional<? extends DriverFactory> factory = lookup.apply(driver.asText());
          if (factory.isEmpty()) {
            problems.add(
                yaml.valueAt(at.child("driver")),
                at.child("driver")
                    + " '"
                    + driver.asText()
                    + "' is not a known "
                    + kind
                    + " driver"
                    + Suggestions.didYouMean(driver.asText(), types)
                    + (types.isEmpty()
                        ? "; none is installed"
                        : "; known: " + String.join(", ", types)));
          } else {
            config(entry, at, factory.get());
          }
        }
      }
    }

    private void config(JsonNode entry, NodePath at, DriverFactory factory) {
      JsonNode block = entry.get("config");
      if (block != null && !block.isObject() && !block.isNull()) {
        return; // the schema reports the wrong type
      }
      try {
        factory.validate(DriverConfigs.of(block));
      } catch (InvalidDriverConfigException e) {
        NodePath config = at.child("config");
        Position where;
        if (e.key() != null && block != null && block.has(e.key())) {
          where = yaml.keyAt(config.child(e.key()));
        } else if (block != null) {
          where = yaml.keyAt(config);
        } else {
          where = yaml.keyAt(at.child("driver"));
        }
        problems.add(where, config + ": " + e.getMessage());
      } catch (RuntimeException e) {
        // A driver's validate must not take the checker down; report it like a rejection.
        problems.add(
            yaml.keyAt(at.child("driver")),
            at.child("driver") + " '" + factory.type() + "' failed to check its config: " + e);
      }
    }

    private void intervals(JsonNode sensors) {
      for (int i = 0; i < sensors.size(); i++) {
        JsonNode interval = sensors.path(i).path("interval");
        if (!interval.isTextual() || !DURATION.matcher(interval.asText()).matches()) {
          continue; // absent, or the schema reports it
        }
        NodePath at = NodePath.of("sensors", i, "interval");
        Duration d;
        try {
          d = Durations.parse(interval.asText());
          d.toMillis(); // overflows for absurd values
        } catch (IllegalArgumentException | ArithmeticException e) {
          problems.add(yaml.valueAt(at), at + " " + interval.asText() + " is too long");
          continue;
        }
        if (d.compareTo(SensorSpec.MIN_INTERVAL) < 0) {
          problems.add(
              yaml.valueAt(at),
              at
                  + " "
                  + interval.asText()
                  + " is below the minimum "
                  + Durations.format(SensorSpec.MIN_INTERVAL));
        }
      }
    }

    private void peers(JsonNode peers) {
      for (int i = 0; i < peers.size(); i++) {
        JsonNode peer = peers.path(i);
        Matcher m = PEER.matcher(peer.asText());
        if (!peer.isTextual() || !m.matches()) {
          continue;
        }
        int port = Integer.parseInt(m.group(1));
        if (port < 1 || port > 65535) {
          NodePath at = NodePath.of("network", "peers", i);
          problems.add(
              yaml.valueAt(at),
              at + " '" + peer.asText() + "': port " + port + " is out of range [1, 65535]");
        }
      }
    }
  }
}
