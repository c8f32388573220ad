package io.starling.runtime.profile;

import java.io.IOException;
import java.nio.file.Path;

/** Reads and validates a device profile; {@link ProfileLoader} is the implementation. */
public interface ProfileReader {

  /**
   * Reads, validates and binds the profile in {@code file}.
   *
   * @throws InvalidProfileException with every problem found, each located
   * @throws IOException if the file cannot be read
   */
  Profile load(Path file) throws InvalidProfileException, IOException;
}
