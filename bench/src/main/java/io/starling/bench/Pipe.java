package io.starling.bench;

/**
 * One publisher and one subscriber of a system under test, set up and subscribed. Whatever the
 * subscriber receives goes to the current {@link Recorder}.
 */
interface Pipe extends AutoCloseable {

  /** The row's name in the table. */
  String name();

  /** Where received payloads go from now on. */
  void recordInto(Recorder recorder);

  /**
   * Publishes one payload as fast as the system lets the caller: may block for the system's own
   * flow control (an in-flight window), never for the subscriber.
   */
  void send(byte[] payload) throws Exception;

  /**
   * Waits until the subscriber has dealt with everything published so far (Starling: delivered, or
   * counted lost, after catch-up), at most {@code maxMillis}; says what it waited for, or returns
   * empty if the system has nothing to wait for.
   */
  default String settle(long maxMillis) {
    return "";
  }

  /** Counters of the system worth printing after a run (may be empty). */
  default String diagnostics() {
    return "";
  }

  @Override
  void close() throws Exception;
}
