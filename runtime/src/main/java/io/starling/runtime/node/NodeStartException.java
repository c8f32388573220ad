package io.starling.runtime.node;

/** A node could not start; the message says what and why (a key file, a port, a driver type). */
public class NodeStartException extends Exception {

  /** A start failure. */
  public NodeStartException(String message, Throwable cause) {
    super(message, cause);
  }
}
