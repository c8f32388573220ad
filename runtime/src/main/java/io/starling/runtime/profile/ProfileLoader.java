package io.starling.runtime.profile;

import io.starling.runtime.driver.DriverRegistry;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Reads a device profile, checks it and builds the {@link Profile}. The pipeline, in order:
 *
 * <ol>
 *   <li>parse the YAML, recording where every key and value is ({@link LocatedYaml});
 *   <li>validate it against {@code profile.schema.json} ({@link SchemaChecker});
 *   <li>check what a schema cannot: unique names, known drivers, driver configs, minimum interval
 *       ({@link SemanticChecker});
 *   <li>fill in defaults and resolve paths ({@link ProfileBinder});
 *   <li>read the files {@code security} names: the CA certificate, the node certificate and the
 *       revocation file ({@link TrustFileChecker}).
 * </ol>
 *
 * <p>Steps 2 and 3 both run, so one load reports every problem in the file, each located at its
 * line and column. A loader is immutable and may be shared between threads.
 */
public final class ProfileLoader implements ProfileReader {

  /** Larger files are refused unread: a device profile is a few kilobytes. */
  public static final long MAX_FILE_SIZE = 1024 * 1024;

  private final DriverRegistry registry;
  private final Path stateRoot;
  private final SchemaChecker schema;
  private final boolean readTrustFiles;

  /**
   * @param registry the drivers profiles may name
   * @param stateRoot where nodes keep their state by default: a node's {@code node.data} defaults
   *     to {@code stateRoot/<node name>}
   */
  public ProfileLoader(DriverRegistry registry, Path stateRoot) {
    this(registry, stateRoot.toAbsolutePath().normalize(), SchemaChecker.load(), true);
  }

  private ProfileLoader(
      DriverRegistry registry, Path stateRoot, SchemaChecker schema, boolean readTrustFiles) {
    this.registry = Objects.requireNonNull(registry, "registry");
    this.stateRoot = Objects.requireNonNull(stateRoot, "stateRoot");
    this.schema = schema;
    this.readTrustFiles = readTrustFiles;
  }

  /**
   * A loader that does not read the files {@code security} names (step 5), for checking a device's
   * profile on another machine, where {@code /etc/starling/ca.crt} and the like do not exist.
   */
  public ProfileLoader withoutTrustFiles() {
    return new ProfileLoader(registry, stateRoot, schema, false);
  }

  /**
   * Loads and checks the profile in {@code file}.
   *
   * @param file the profile; problems name it as given here
   * @throws InvalidProfileException with every problem found, sorted by position
   * @throws IOException if the file cannot be read (missing, unreadable, a directory, too large,
   *     not UTF-8)
   */
  @Override
  public Profile load(Path file) throws InvalidProfileException, IOException {
    return check(file, read(file));
  }

  /**
   * Checks profile text as if it had been read from {@code file}; relative paths resolve against
   * {@code file}'s directory. Reads the trust files the text names unless built by {@link
   * #withoutTrustFiles()}.
   *
   * @throws InvalidProfileException with every problem found, sorted by position
   */
  public Profile check(Path file, String text) throws InvalidProfileException {
    Problems problems = new Problems(file);
    LocatedYaml yaml = LocatedYaml.parse(text, problems);
    if (yaml.root() == null) {
      if (problems.isEmpty()) {
        problems.add(
            Position.START, "the profile is empty; it needs at least node.name and node.mesh");
      }
      throw new InvalidProfileException(problems.sorted());
    }
    schema.check(yaml, problems);
    new SemanticChecker(registry).check(yaml, problems);
    if (!problems.isEmpty()) {
      throw new InvalidProfileException(problems.sorted());
    }
    Profile profile = new ProfileBinder(stateRoot).bind(file, yaml, problems);
    if (profile == null) {
      throw new InvalidProfileException(problems.sorted());
    }
    if (readTrustFiles) {
      new TrustFileChecker(yaml, problems).check(profile.security());
    }
    if (!problems.isEmpty()) {
      throw new InvalidProfileException(problems.sorted());
    }
    return profile;
  }

  private static String read(Path file) throws IOException {
    if (Files.isDirectory(file)) {
      throw new IOException("is a directory");
    }
    long size = Files.size(file);
    if (size > MAX_FILE_SIZE) {
      throw new IOException(
          "the file has "
              + size
              + " bytes, more than the "
              + MAX_FILE_SIZE
              + " a profile may have");
    }
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (CharacterCodingException e) {
      throw new IOException("not UTF-8 text", e);
    }
  }
}
