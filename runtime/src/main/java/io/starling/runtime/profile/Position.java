package io.starling.runtime.profile;

/**
 * A place in the profile file.
 *
 * @param line 1-based
 * @param column 1-based
 */
record Position(int line, int column) {

  /** The start of the file, for problems that belong to no particular place. */
  static final Position START = new Position(1, 1);
}
