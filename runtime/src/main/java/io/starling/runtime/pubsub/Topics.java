package io.starling.runtime.pubsub;

/**
 * Topic names and filters, with MQTT's rules (MQTT 5.0 §4.7): levels separated by {@code /}; a name
 * never contains {@code +} or {@code #}; in a filter {@code +} matches exactly one level and {@code
 * #}, only as the last level, matches any number of levels including none.
 */
public final class Topics {

  /** The longest topic or filter, in characters. */
  public static final int MAX_LENGTH = 256;

  private Topics() {}

  /**
   * Checks a topic name.
   *
   * @throws IllegalArgumentException saying what is wrong
   */
  public static String checkName(String topic) {
    checkCommon(topic, "topic");
    if (topic.indexOf('+') >= 0 || topic.indexOf('#') >= 0) {
      throw new IllegalArgumentException(
          "topic '" + topic + "' contains a wildcard: + and # belong in filters only");
    }
    return topic;
  }

  /**
   * Checks a topic filter.
   *
   * @throws IllegalArgumentException saying what is wrong
   */
  public static String checkFilter(String filter) {
    checkCommon(filter, "filter");
    String[] levels = filter.split("/", -1);
    for (int i = 0; i < levels.length; i++) {
      String level = levels[i];
      if (level.contains("#") && (!level.equals("#") || i != levels.length - 1)) {
        throw new IllegalArgumentException(
            "filter '" + filter + "': # must be a whole level and the last one");
      }
      if (level.contains("+") && !level.equals("+")) {
        throw new IllegalArgumentException(
            "filter '" + filter + "': + must be a whole level, like a/+/c");
      }
    }
    return filter;
  }

  private static void checkCommon(String s, String what) {
    if (s == null || s.isEmpty()) {
      throw new IllegalArgumentException("a " + what + " cannot be empty");
    }
    if (s.length() > MAX_LENGTH) {
      throw new IllegalArgumentException(
          what + " of " + s.length() + " characters exceeds " + MAX_LENGTH);
    }
    if (s.indexOf('\0') >= 0) {
      throw new IllegalArgumentException(what + " '" + s + "' contains NUL");
    }
  }

  /** Whether {@code topic} matches {@code filter}. */
  public static boolean matches(String filter, String topic) {
    int f = 0;
    int t = 0;
    while (true) {
      int fEnd = filter.indexOf('/', f);
      int tEnd = topic.indexOf('/', t);
      String fl = fEnd < 0 ? filter.substring(f) : filter.substring(f, fEnd);
      if (fl.equals("#")) {
        return true;
      }
      if (t > topic.length()) {
        return false;
      }
      String tl = tEnd < 0 ? topic.substring(t) : topic.substring(t, tEnd);
      if (!fl.equals("+") && !fl.equals(tl)) {
        return false;
      }
      if (fEnd < 0 || tEnd < 0) {
        if (fEnd < 0 && tEnd < 0) {
          return true;
        }
        // "a/#" matches "a": the filter's next level is a lone # at the end
        return tEnd < 0 && filter.substring(fEnd + 1).equals("#");
      }
      f = fEnd + 1;
      t = tEnd + 1;
    }
  }
}
