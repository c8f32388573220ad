package io.starling.runtime.driver;

import java.time.Instant;

/**
 * A sensor's or actuator's health as the runtime sees it.
 *
 * @param state where it stands
 * @param since when it entered that state
 * @param error the last failure's message while {@link State#FAILING}, else {@code null}
 * @param nextAttempt when the runtime retries, while failing, else {@code null}
 */
public record Health(State state, Instant since, String error, Instant nextAttempt) {

  /** The states. */
  public enum State {
    /** Not read yet. */
    STARTING,
    /** The last read (or open) succeeded. */
    HEALTHY,
    /** The last read (or open) failed; retried with back-off. */
    FAILING
  }

  /** Whether the last attempt succeeded. */
  public boolean isHealthy() {
    return state == State.HEALTHY;
  }
}
