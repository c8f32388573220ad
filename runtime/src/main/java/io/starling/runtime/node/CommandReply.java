package io.starling.runtime.node;

/**
 * How a command sent with {@link StarlingNode#command} ended.
 *
 * @param target the target node's name (or what the caller gave, if unknown)
 * @param actuator the actuator
 * @param id the command's idempotency id
 * @param outcome {@code CHANGED} (applied), the target's refusal ({@code BAD_REQUEST}, {@code
 *     UNAUTHORIZED}, {@code FORBIDDEN}, {@code UNAVAILABLE}), {@code NO_ROUTE} or {@code TIMEOUT}
 * @param text the new state (SenML JSON) when applied, else the reason
 * @param attempts how many times it was sent
 */
public record CommandReply(
    String target, String actuator, String id, String outcome, String text, int attempts) {

  /** Whether the target applied it (now, or for an earlier attempt). */
  public boolean applied() {
    return "CHANGED".equals(outcome);
  }
}
