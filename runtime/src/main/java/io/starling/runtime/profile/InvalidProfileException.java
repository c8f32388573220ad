package io.starling.runtime.profile;

import java.util.List;
import java.util.stream.Collectors;

/** A profile that cannot be used, with every problem found in it, in file order. */
public class InvalidProfileException extends Exception {

  private final transient List<ProfileProblem> problems;

  /**
   * @param problems at least one problem; they are sorted by line and column
   */
  public InvalidProfileException(List<ProfileProblem> problems) {
    super(describe(problems));
    this.problems = problems.stream().sorted(ProfileProblem.BY_POSITION).toList();
  }

  private static String describe(List<ProfileProblem> problems) {
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("an invalid profile has at least one problem");
    }
    return problems.stream()
        .sorted(ProfileProblem.BY_POSITION)
        .map(ProfileProblem::toString)
        .collect(Collectors.joining("\n"));
  }

  /** Every problem found, sorted by line and column. */
  public List<ProfileProblem> problems() {
    return problems;
  }
}
