package io.starling.runtime.trust;

import io.starling.runtime.identity.NodeId;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The revocation file: one node id (26 characters of base32) or certificate serial (hex, as {@code
 * ca sign} prints it or with OpenSSL's colons) per line; {@code #} starts a comment. A 26-character
 * token that is both a node id and hex revokes both.
 *
 * <p>Re-read on use when its modification time or size changes, checked at most once per {@link
 * #CHECK_INTERVAL}; no thread watches it. If it becomes unreadable the last good list stays in
 * force; lines that are neither form are skipped and logged.
 */
public final class RevocationList {

  /** How often {@link #isRevoked} looks at the file at most. */
  public static final Duration CHECK_INTERVAL = Duration.ofSeconds(1);

  private static final Logger LOG = LoggerFactory.getLogger(RevocationList.class);
  private static final Pattern NODE_ID = Pattern.compile("[a-z2-7]{26}");

  /**
   * One reading of the file.
   *
   * @param ids revoked node ids
   * @param serials revoked serial numbers
   * @param problems lines that are neither, as {@code line N: ...}
   */
  public record Entries(Set<NodeId> ids, Set<BigInteger> serials, List<String> problems) {

    /** Copies the collections. */
    public Entries {
      ids = Set.copyOf(ids);
      serials = Set.copyOf(serials);
      problems = List.copyOf(problems);
    }
  }

  private final Path file;
  private final InstantSource clock;
  private final Object lock = new Object();
  private volatile Entries entries;
  private Instant lastCheck;
  private FileTime lastModified;
  private long lastSize;

  private RevocationList(Path file, InstantSource clock) {
    this.file = file;
    this.clock = clock;
  }

  /** Parses the file format. */
  public static Entries parse(String text) {
    Set<NodeId> ids = new HashSet<>();
    Set<BigInteger> serials = new HashSet<>();
    List<String> problems = new ArrayList<>();
    String[] lines = text.split("\r?\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      int hash = line.indexOf('#');
      String token = (hash >= 0 ? line.substring(0, hash) : line).strip();
      if (token.isEmpty()) {
        continue;
      }
      boolean known = false;
      if (NODE_ID.matcher(token).matches()) {
        ids.add(NodeId.parse(token));
        known = true;
      }
      try {
        serials.add(Serials.parseHex(token));
        known = true;
      } catch (NumberFormatException e) {
        // not a serial; maybe a node id
      }
      if (!known) {
        problems.add(
            "line "
                + (i + 1)
                + ": '"
                + token
                + "' is neither a node id (26 characters of base32) nor a hex serial");
      }
    }
    return new Entries(ids, serials, problems);
  }

  /**
   * Watches {@code file}.
   *
   * @throws TrustException if it cannot be read now
   */
  public static RevocationList watch(Path file, InstantSource clock) throws TrustException {
    RevocationList list = new RevocationList(file, clock);
    synchronized (list.lock) {
      try {
        list.reload();
      } catch (IOException e) {
        throw new TrustException(file + ": cannot read the revocation file: " + e.getMessage(), e);
      }
    }
    return list;
  }

  /** Whether the node id or the serial is revoked, re-reading the file if it changed. */
  public boolean isRevoked(NodeId id, BigInteger serial) {
    refreshIfDue();
    Entries e = entries;
    return e.ids().contains(id) || (serial != null && e.serials().contains(serial));
  }

  /** The entries in force now. */
  public Entries entries() {
    refreshIfDue();
    return entries;
  }

  private void refreshIfDue() {
    synchronized (lock) {
      Instant now = clock.instant();
      if (now.isBefore(lastCheck.plus(CHECK_INTERVAL)) && !now.isBefore(lastCheck)) {
        return;
      }
      lastCheck = now;
      try {
        BasicFileAttributes attrs = Files.readAttributes(file, BasicFileAttributes.class);
        if (attrs.lastModifiedTime().equals(lastModified) && attrs.size() == lastSize) {
          return;
        }
        reload();
        LOG.info(
            "reloaded revocation file {}: {} node ids, {} serials",
            file,
            entries.ids().size(),
            entries.serials().size());
      } catch (IOException e) {
        LOG.warn("cannot read revocation file {}; keeping the last list: {}", file, e.toString());
      }
    }
  }

  /** Reads the file; the caller holds the lock. */
  private void reload() throws IOException {
    BasicFileAttributes attrs = Files.readAttributes(file, BasicFileAttributes.class);
    Entries read = parse(Files.readString(file, StandardCharsets.UTF_8));
    for (String problem : read.problems()) {
      LOG.warn("revocation file {}: {}; skipped", file, problem);
    }
    entries = read;
    lastModified = attrs.lastModifiedTime();
    lastSize = attrs.size();
    lastCheck = clock.instant();
  }
}
