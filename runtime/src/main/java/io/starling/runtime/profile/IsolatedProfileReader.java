package io.starling.runtime.profile;

import io.starling.runtime.driver.DriverRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ref.WeakReference;
import java.lang.reflect.InvocationTargetException;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads a profile with the YAML and JSON Schema machinery (Jackson databind and YAML, SnakeYAML,
 * networknt's validator: some 700 classes) loaded in a class loader of its own, which is dropped
 * once the profile is read. A long-running node then unloads those classes at the next full
 * collection: about 6 MB less metaspace and heap for the rest of its life (docs/ARCHITECTURE.md,
 * "Threads and memory").
 *
 * <p>The loader is child-first for exactly those libraries and for the profile package's
 * implementation classes; the profile records, the driver SPI and everything else come from the
 * parent, so the {@link Profile} it returns is an ordinary one.
 */
public final class IsolatedProfileReader implements ProfileReader {

  /** Packages loaded in the disposable loader. */
  private static final List<String> ISOLATED_PACKAGES =
      List.of(
          "com.fasterxml.jackson.databind.",
          "com.fasterxml.jackson.annotation.",
          "com.fasterxml.jackson.dataformat.yaml.",
          "org.yaml.snakeyaml.",
          "com.networknt.",
          "com.ethlo.");

  private static final String PROFILE_PACKAGE = "io.starling.runtime.profile.";

  /** Profile-package types shared with the caller: the model and the reader's contract. */
  private static final Set<String> SHARED =
      Set.of(
          "Profile",
          "NodeSettings",
          "NetworkSettings",
          "SecuritySettings",
          "SensorSpec",
          "ActuatorSpec",
          "SubscriptionSpec",
          "AutomationSpec",
          "ProfileProblem",
          "InvalidProfileException",
          "ProfileReader",
          "IsolatedProfileReader");

  /** Classes whose jars the disposable loader reads (found as resources: nothing is loaded). */
  private static final List<String> ANCHORS =
      List.of(
          "io/starling/runtime/profile/ProfileLoader.class",
          "com/fasterxml/jackson/databind/ObjectMapper.class",
          "com/fasterxml/jackson/annotation/JsonProperty.class",
          "com/fasterxml/jackson/dataformat/yaml/YAMLFactory.class",
          "org/yaml/snakeyaml/Yaml.class",
          "com/networknt/schema/JsonSchemaFactory.class",
          "com/ethlo/time/ITU.class");

  private final DriverRegistry registry;
  private final Path stateRoot;
  private WeakReference<ClassLoader> lastLoader = new WeakReference<>(null);

  /** A reader with the same arguments as {@link ProfileLoader#ProfileLoader}. */
  public IsolatedProfileReader(DriverRegistry registry, Path stateRoot) {
    this.registry = registry;
    this.stateRoot = stateRoot;
  }

  @Override
  public Profile load(Path file) throws InvalidProfileException, IOException {
    ClassLoader parent = IsolatedProfileReader.class.getClassLoader();
    try (Isolating loader = new Isolating(jars(parent), parent)) {
      lastLoader = new WeakReference<>(loader);
      ProfileReader reader =
          (ProfileReader)
              Class.forName(PROFILE_PACKAGE + "ProfileLoader", true, loader)
                  .getConstructor(DriverRegistry.class, Path.class)
                  .newInstance(registry, stateRoot);
      return reader.load(file);
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException("cannot create the profile loader", e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot create the profile loader", e);
    }
  }

  /** The loader of the last {@link #load}, weakly held: tests check that it can be collected. */
  WeakReference<ClassLoader> lastLoader() {
    return lastLoader;
  }

  private static URL[] jars(ClassLoader parent) {
    Set<URL> urls = new LinkedHashSet<>();
    for (String anchor : ANCHORS) {
      URL resource = parent.getResource(anchor);
      if (resource == null) {
        throw new IllegalStateException(
            "the profile loader needs " + anchor + " on the class path");
      }
      urls.add(root(resource, anchor));
    }
    return urls.toArray(URL[]::new);
  }

  /** The jar or directory that {@code resource} (found as {@code name}) comes from. */
  private static URL root(URL resource, String name) {
    String text = resource.toString();
    try {
      if (text.startsWith("jar:")) {
        return URI.create(text.substring(4, text.indexOf("!/"))).toURL();
      }
      return URI.create(text.substring(0, text.length() - name.length())).toURL();
    } catch (MalformedURLException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean isolated(String className) {
    if (className.startsWith(PROFILE_PACKAGE)) {
      String simple = className.substring(PROFILE_PACKAGE.length());
      int nested = simple.indexOf('$');
      return !SHARED.contains(nested < 0 ? simple : simple.substring(0, nested));
    }
    for (String p : ISOLATED_PACKAGES) {
      if (className.startsWith(p)) {
        return true;
      }
    }
    return false;
  }

  /** Child-first for the isolated classes, parent-first for everything else. */
  private static final class Isolating extends URLClassLoader {

    static {
      ClassLoader.registerAsParallelCapable();
    }

    Isolating(URL[] urls, ClassLoader parent) {
      super("starling-profile", urls, parent);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      if (!isolated(name)) {
        return super.loadClass(name, resolve);
      }
      synchronized (getClassLoadingLock(name)) {
        Class<?> c = findLoadedClass(name);
        if (c == null) {
          c = findClass(name);
        }
        if (resolve) {
          resolveClass(c);
        }
        return c;
      }
    }
  }
}
