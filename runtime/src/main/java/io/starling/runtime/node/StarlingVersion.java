package io.starling.runtime.node;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The Starling version, from the build. */
public final class StarlingVersion {

  private static final String VERSION = load();

  private StarlingVersion() {}

  /** The version, e.g. {@code 0.1.0-SNAPSHOT}. */
  public static String get() {
    return VERSION;
  }

  private static String load() {
    try (InputStream in =
        StarlingVersion.class.getResourceAsStream("/io/starling/runtime/version.properties")) {
      if (in == null) {
        return "unknown";
      }
      Properties p = new Properties();
      p.load(in);
      return p.getProperty("version", "unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }
}
