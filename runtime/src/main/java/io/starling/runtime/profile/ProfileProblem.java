package io.starling.runtime.profile;

import java.nio.file.Path;
import java.util.Comparator;
import java.util.Objects;

/**
 * One thing wrong with a profile, located in its file. Prints as {@code FILE:LINE:COL: message},
 * the format compilers use, so editors and terminals can jump to it.
 *
 * @param file the profile file as the user named it (not made absolute)
 * @param line the 1-based line
 * @param column the 1-based column
 * @param message what is wrong: the path in profile terms, the value and the rule, e.g. {@code
 *     sensors[0].interval 50ms is below the minimum 100ms}
 */
public record ProfileProblem(Path file, int line, int column, String message) {

  /** Orders problems by position in the file. */
  public static final Comparator<ProfileProblem> BY_POSITION =
      Comparator.comparingInt(ProfileProblem::line)
          .thenComparingInt(ProfileProblem::column)
          .thenComparing(ProfileProblem::message);

  /** Rejects nulls and positions before 1:1. */
  public ProfileProblem {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(message, "message");
    if (line < 1 || column < 1) {
      throw new IllegalArgumentException("line and column are 1-based: " + line + ":" + column);
    }
  }

  @Override
  public String toString() {
    return file + ":" + line + ":" + column + ": " + message;
  }
}
