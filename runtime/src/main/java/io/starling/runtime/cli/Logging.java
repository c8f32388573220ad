package io.starling.runtime.cli;

import java.util.Locale;
import java.util.Set;

/** Sets the log level of the bundled SLF4J simple logger, before the first logger is made. */
final class Logging {

  static final Set<String> LEVELS = Set.of("error", "warn", "info", "debug", "trace");

  private Logging() {}

  /** Sets the level; false if {@code level} is not one of {@link #LEVELS}. */
  static boolean setLevel(String level) {
    String l = level.toLowerCase(Locale.ROOT);
    if (!LEVELS.contains(l)) {
      return false;
    }
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", l);
    System.setProperty("org.slf4j.simpleLogger.log.io.starling", l);
    return true;
  }
}
