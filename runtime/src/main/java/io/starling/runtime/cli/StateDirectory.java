package io.starling.runtime.cli;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where nodes keep state when the profile does not say: {@code $STATE_DIRECTORY} (set by systemd's
 * {@code StateDirectory=}), else {@code $XDG_STATE_HOME/starling}, else {@code
 * ~/.local/state/starling}. Each node uses a subdirectory named after it.
 */
final class StateDirectory {

  private StateDirectory() {}

  static Path root(Map<String, String> env, String userHome) {
    String systemd = env.get("STATE_DIRECTORY");
    if (systemd != null && !systemd.isBlank()) {
      return Path.of(systemd.split(":")[0]);
    }
    String xdg = env.get("XDG_STATE_HOME");
    if (xdg != null && !xdg.isBlank()) {
      return Path.of(xdg, "starling");
    }
    return Path.of(userHome, ".local", "state", "starling");
  }

  static Path root() {
    return root(System.getenv(), System.getProperty("user.home"));
  }
}
