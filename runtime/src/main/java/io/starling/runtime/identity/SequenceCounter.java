package io.starling.runtime.identity;

import io.starling.runtime.util.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A node's own per-origin sequence numbers ({@code seq} of the signed envelope): strictly
 * increasing, starting at 1, and never repeated — not across restarts and not after a crash or
 * {@code kill -9}.
 *
 * <p>How: numbers are handed out from a block reserved on disk <em>before</em> its first number is
 * used. The file holds one decimal number, {@code reservedUpTo}: every number up to it may have
 * been issued. A new reservation is written to a temporary file, fsynced, atomically renamed over
 * the old one, and the directory is fsynced; only then is a number of the new block returned. On
 * start the counter continues after the persisted reservation.
 *
 * <p>Trade-off: one disk write (two fsyncs) per {@code blockSize} numbers instead of per number; in
 * exchange a crash skips the unused rest of at most one block (receivers see a gap, which the
 * protocol tolerates), but never reuses a number, which receivers would reject as a replay. With
 * the default block of 1000 and 63-bit numbers, skipping is harmless: a node restarting every
 * second would need 292 million years to run out. A larger block means fewer writes (flash wear)
 * and larger gaps after a crash.
 *
 * <p>Thread-safe. Not safe for two processes on one file (a node holds its state directory).
 */
public final class SequenceCounter {

  /** Default numbers reserved per disk write. */
  public static final int DEFAULT_BLOCK_SIZE = 1000;

  private final Path file;
  private final int blockSize;
  private long next;
  private long reservedUpTo;

  private SequenceCounter(Path file, int blockSize, long persisted) {
    this.file = file;
    this.blockSize = blockSize;
    this.reservedUpTo = persisted;
    this.next = persisted + 1;
  }

  /** Opens (or creates) the counter stored in {@code file}, reserving 1000 numbers per write. */
  public static SequenceCounter open(Path file) throws IOException {
    return open(file, DEFAULT_BLOCK_SIZE);
  }

  /**
   * Opens (or creates) the counter stored in {@code file}.
   *
   * @throws IOException if the file cannot be read or does not hold a reservation; the node must
   *     not start signing then, as it could reuse numbers
   */
  public static SequenceCounter open(Path file, int blockSize) throws IOException {
    if (blockSize < 1 || blockSize > 1_000_000) {
      throw new IllegalArgumentException(
          "sequence block size " + blockSize + " is outside 1..1000000");
    }
    long persisted = 0;
    if (Files.exists(file)) {
      String text = Files.readString(file, StandardCharsets.US_ASCII).trim();
      try {
        persisted = Long.parseLong(text);
      } catch (NumberFormatException e) {
        throw new IOException(
            file + ": sequence reservation '" + text + "' is not a number; refusing to reuse", e);
      }
      if (persisted < 0) {
        throw new IOException(file + ": sequence reservation " + persisted + " is negative");
      }
    }
    return new SequenceCounter(file, blockSize, persisted);
  }

  /** The next number: greater than every number this file has ever handed out. */
  public synchronized long next() throws IOException {
    if (next > reservedUpTo) {
      long upTo = Math.addExact(next, blockSize - 1L);
      persist(upTo);
      reservedUpTo = upTo;
    }
    return next++;
  }

  /** The persisted reservation: every number issued so far is at most this. */
  public synchronized long reservedUpTo() {
    return reservedUpTo;
  }

  private void persist(long upTo) throws IOException {
    AtomicFiles.write(
        file,
        (upTo + "\n").getBytes(StandardCharsets.US_ASCII),
        AtomicFiles.Option.REPLACE_EXISTING,
        AtomicFiles.Option.SYNC_DIRECTORY);
  }

  @Override
  public String toString() {
    return "SequenceCounter[" + file + ", reservedUpTo=" + reservedUpTo + "]";
  }
}
