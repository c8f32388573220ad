package io.starling.runtime.profile;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Collects the problems of one profile file; identical problems are kept once. */
final class Problems {

  private final Path file;
  private final Set<ProfileProblem> problems = new LinkedHashSet<>();

  Problems(Path file) {
    this.file = file;
  }

  void add(Position at, String message) {
    problems.add(new ProfileProblem(file, at.line(), at.column(), message));
  }

  boolean isEmpty() {
    return problems.isEmpty();
  }

  /** The problems so far, sorted by line and column. */
  List<ProfileProblem> sorted() {
    List<ProfileProblem> list = new ArrayList<>(problems);
    list.sort(ProfileProblem.BY_POSITION);
    return list;
  }
}
