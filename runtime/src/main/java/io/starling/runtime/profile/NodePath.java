package io.starling.runtime.profile;

import java.util.ArrayList;
import java.util.List;

/**
 * Where a value sits in the profile tree: a list of keys ({@link String}) and list indexes ({@link
 * Integer}). Prints in profile terms, {@code sensors[1].interval}, which is what problems name.
 */
record NodePath(List<Object> elements) {

  /** The document root. */
  static final NodePath ROOT = new NodePath(List.of());

  NodePath {
    elements = List.copyOf(elements);
  }

  /** A path from keys and indexes, e.g. {@code of("sensors", 1, "interval")}. */
  static NodePath of(Object... elements) {
    return new NodePath(List.of(elements));
  }

  NodePath child(String key) {
    return append(key);
  }

  NodePath child(int index) {
    return append(index);
  }

  private NodePath append(Object element) {
    List<Object> longer = new ArrayList<>(elements);
    longer.add(element);
    return new NodePath(longer);
  }

  /** The enclosing path; the root's parent is the root. */
  NodePath parent() {
    return elements.isEmpty() ? this : new NodePath(elements.subList(0, elements.size() - 1));
  }

  boolean isRoot() {
    return elements.isEmpty();
  }

  /** The last key, or {@code null} if the path ends in an index or is the root. */
  String lastKey() {
    return !elements.isEmpty() && elements.getLast() instanceof String s ? s : null;
  }

  /** {@code sensors[1].interval}; the root prints as {@code the profile}. */
  @Override
  public String toString() {
    if (elements.isEmpty()) {
      return "the profile";
    }
    StringBuilder sb = new StringBuilder();
    for (Object e : elements) {
      if (e instanceof Integer i) {
        sb.append('[').append(i).append(']');
      } else {
        if (!sb.isEmpty()) {
          sb.append('.');
        }
        sb.append(e);
      }
    }
    return sb.toString();
  }
}
