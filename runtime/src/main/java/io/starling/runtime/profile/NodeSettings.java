package io.starling.runtime.profile;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The {@code node} section.
 *
 * @param name the node's name: its mDNS instance name and the default topic prefix
 * @param mesh the mesh it belongs to; nodes of other meshes are ignored
 * @param dataDir where the node keeps its state (key, sequence reservations, logs); default {@code
 *     $XDG_STATE_HOME/starling/<name>} or {@code ~/.local/state/starling/<name>}
 */
public record NodeSettings(String name, String mesh, Path dataDir) {

  /** Rejects nulls. */
  public NodeSettings {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(mesh, "mesh");
    Objects.requireNonNull(dataDir, "dataDir");
  }
}
