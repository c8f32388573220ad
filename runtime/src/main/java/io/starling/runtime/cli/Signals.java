package io.starling.runtime.cli;

import sun.misc.Signal;

/**
 * SIGINT and SIGTERM end a foreground node cleanly with exit code 0 (systemd counts a JVM's default
 * 130/143 as a failure). Falls back to a shutdown hook where signals cannot be handled.
 */
final class Signals {

  private Signals() {}

  static void onTermination(Runnable action) {
    try {
      Signal.handle(new Signal("INT"), s -> action.run());
      Signal.handle(new Signal("TERM"), s -> action.run());
    } catch (IllegalArgumentException | UnsupportedOperationException e) {
      Runtime.getRuntime().addShutdownHook(new Thread(action, "starling-shutdown"));
    }
  }
}
