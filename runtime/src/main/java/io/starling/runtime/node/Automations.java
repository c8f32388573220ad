package io.starling.runtime.node;

import io.starling.runtime.driver.spi.Value;
import io.starling.runtime.profile.AutomationSpec;
import io.starling.runtime.pubsub.Delivery;
import io.starling.runtime.wire.SenmlCodec;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The profile's {@code automations}: each watches a topic filter and, when its reading crosses the
 * condition (per origin and topic: from false to true, or true at the first reading), sends its
 * {@code then} command; when it turns false again, its {@code otherwise} command. Commands are
 * signed by this node, so the target's actuator must allow one of this node's groups.
 */
final class Automations {

  private static final Logger LOG = LoggerFactory.getLogger(Automations.class);
  private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(5);

  /** Sends a command as this node. */
  @FunctionalInterface
  interface Commander {
    CompletableFuture<CommandReply> command(String node, String actuator, Value value);
  }

  private final List<AutomationSpec> specs;
  private final Commander commander;
  private final Map<String, Boolean> states = new HashMap<>();
  private final Map<String, Map<String, Long>> counters = new LinkedHashMap<>();

  Automations(List<AutomationSpec> specs, Commander commander) {
    this.specs = specs;
    this.commander = commander;
    for (AutomationSpec s : specs) {
      Map<String, Long> c = new LinkedHashMap<>();
      for (String k : List.of("evaluated", "fired", "applied", "failed")) {
        c.put(k, 0L);
      }
      counters.put(s.name(), c);
    }
  }

  /** The listener for the deliveries of {@code spec}'s filter. */
  java.util.function.Consumer<Delivery> listener(AutomationSpec spec) {
    return d -> evaluate(spec, d);
  }

  List<AutomationSpec> specs() {
    return specs;
  }

  private void evaluate(AutomationSpec spec, Delivery d) {
    if (d.contentFormat() != SenmlCodec.CONTENT_FORMAT_CBOR) {
      return;
    }
    Value value = null;
    String baseName = "";
    try {
      for (Map<String, Object> r : SenmlCodec.cborToRecords(d.body())) {
        if (r.get("bn") instanceof String bn) {
          baseName = bn;
        }
        String name = r.get("n") instanceof String n ? n : "";
        String full = baseName + name;
        if (name.equals(spec.reading()) || full.endsWith("/" + spec.reading())) {
          value = valueOf(r);
        }
      }
    } catch (IllegalArgumentException e) {
      return;
    }
    if (value == null) {
      return;
    }
    boolean now = spec.condition().test(value);
    String key = spec.name() + "|" + d.origin() + "|" + d.topic();
    Boolean before;
    synchronized (this) {
      count(spec, "evaluated");
      before = states.put(key, now);
    }
    if (before != null && before == now) {
      return;
    }
    AutomationSpec.Action action = now ? spec.then() : before == null ? null : spec.otherwise();
    if (action == null) {
      return;
    }
    LOG.info(
        "automation {}: {} {} on {} from {} is {} -> {} {} on {}",
        spec.name(),
        spec.reading(),
        value,
        d.topic(),
        d.originName(),
        now ? spec.condition() : "no longer " + spec.condition(),
        action.actuator(),
        action.value(),
        action.node());
    synchronized (this) {
      count(spec, "fired");
    }
    commander
        .command(action.node(), action.actuator(), action.value())
        .thenAccept(
            reply -> {
              synchronized (this) {
                count(spec, reply.applied() ? "applied" : "failed");
              }
              if (!reply.applied()) {
                LOG.warn(
                    "automation {}: {} on {} was not applied: {} {}",
                    spec.name(),
                    action.actuator(),
                    action.node(),
                    reply.outcome(),
                    reply.text());
              }
            });
  }

  private static Value valueOf(Map<String, Object> r) {
    Object v = r.get("v");
    if (v instanceof Number n) {
      return Value.of(n.doubleValue());
    }
    if (r.get("vb") instanceof Boolean b) {
      return Value.of(b);
    }
    if (r.get("vs") instanceof String s) {
      return Value.of(s);
    }
    return null;
  }

  private void count(AutomationSpec spec, String counter) {
    counters.get(spec.name()).merge(counter, 1L, Long::sum);
  }

  /** Per automation: evaluated, fired, applied, failed. */
  synchronized Map<String, Map<String, Long>> stats() {
    Map<String, Map<String, Long>> out = new LinkedHashMap<>();
    counters.forEach((k, v) -> out.put(k, new LinkedHashMap<>(v)));
    return out;
  }

  static Duration timeout() {
    return COMMAND_TIMEOUT;
  }
}
