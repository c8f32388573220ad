package io.starling.runtime.trust;

import java.util.Collection;
import java.util.Collections;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The rule for node, CA and group names in certificates: 1 to 63 characters, lower-case letters,
 * digits, {@code -} and {@code _}, starting with a letter or digit; the same rule as profile names.
 */
public final class Names {

  /** The pattern every name and group matches. */
  public static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");

  /** What {@link #NAME} means, for error messages. */
  public static final String RULE =
      "1 to 63 lower-case letters, digits, '-' or '_', starting with a letter or digit";

  private Names() {}

  /** Whether {@code name} follows the rule. */
  public static boolean isValid(String name) {
    return name != null && NAME.matcher(name).matches();
  }

  /**
   * Checks a name.
   *
   * @param what what the name is, e.g. {@code "--name"}, for the message
   * @throws TrustException naming the value and the rule
   */
  public static String check(String what, String name) throws TrustException {
    if (!isValid(name)) {
      throw new TrustException(what + " '" + name + "' is invalid: must be " + RULE);
    }
    return name;
  }

  /** Checks every group and returns them sorted, without duplicates. */
  public static SortedSet<String> checkGroups(String what, Collection<String> groups)
      throws TrustException {
    SortedSet<String> sorted = new TreeSet<>();
    for (String g : groups) {
      sorted.add(check(what, g));
    }
    return Collections.unmodifiableSortedSet(sorted);
  }
}
