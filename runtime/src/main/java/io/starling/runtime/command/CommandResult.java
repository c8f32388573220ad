package io.starling.runtime.command;

import java.nio.charset.StandardCharsets;

/**
 * The answer to a command request.
 *
 * @param status the response status
 * @param payload the new state (SenML JSON) on success, a text reason otherwise
 * @param contentFormat the payload's CoAP content format (110 or 0)
 * @param rejection why it was refused, or {@code null} on success
 */
public record CommandResult(
    Rejection.Status status, byte[] payload, int contentFormat, Rejection rejection) {

  static CommandResult rejected(Rejection reason, String detail) {
    return new CommandResult(
        reason.status(),
        (reason.name() + ": " + detail).getBytes(StandardCharsets.UTF_8),
        0,
        reason);
  }

  /** Whether the command was applied (now or, for a retry, before). */
  public boolean applied() {
    return status == Rejection.Status.CHANGED;
  }
}
