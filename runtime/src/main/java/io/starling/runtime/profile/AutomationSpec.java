package io.starling.runtime.profile;

import io.starling.runtime.driver.spi.Value;
import java.util.Objects;

/**
 * One entry of {@code automations}: when a reading on matching topics crosses a condition, command
 * an actuator somewhere in the mesh — devices acting on each other's data with no server.
 *
 * <pre>
 * automations:
 *   - name: cool-greenhouse
 *     when: {topic: greenhouse/+/air, reading: temperature, above: 30}
 *     then: {node: pi-fan, actuator: fan, value: on}
 *     otherwise: {node: pi-fan, actuator: fan, value: off}
 * </pre>
 *
 * @param name unique among the node's automations, for logs and counters
 * @param filter the topic filter to watch
 * @param reading the SenML record name to test (the last part of its full name, e.g. {@code
 *     temperature})
 * @param condition what the reading is compared with
 * @param then what to do when the condition becomes true
 * @param otherwise what to do when it becomes false again, or {@code null}
 */
public record AutomationSpec(
    String name,
    String filter,
    String reading,
    Condition condition,
    Action then,
    Action otherwise) {

  /** Rejects nulls (except {@code otherwise}). */
  public AutomationSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(filter, "filter");
    Objects.requireNonNull(reading, "reading");
    Objects.requireNonNull(condition, "condition");
    Objects.requireNonNull(then, "then");
  }

  /**
   * A comparison: exactly one of {@code above}, {@code below} (numbers) or {@code equals} (any
   * value) is set.
   *
   * @param above true when the reading is greater than this
   * @param below true when the reading is less than this
   * @param equals true when the reading is this value
   */
  public record Condition(Double above, Double below, Value equals) {

    /** Whether {@code v} satisfies the condition (a non-number never passes above/below). */
    public boolean test(Value v) {
      if (equals != null) {
        return equals.equals(v);
      }
      if (!(v instanceof Value.Number n)) {
        return false;
      }
      return above != null ? n.value() > above : n.value() < below;
    }

    @Override
    public String toString() {
      return equals != null ? "= " + equals : above != null ? "> " + above : "< " + below;
    }
  }

  /**
   * A command.
   *
   * @param node the target node's name (or id)
   * @param actuator the actuator
   * @param value the value to send
   */
  public record Action(String node, String actuator, Value value) {}
}
