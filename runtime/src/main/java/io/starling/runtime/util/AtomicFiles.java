package io.starling.runtime.util;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.CopyOption;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * Writes whole files atomically: the content goes to {@code <name>.tmp} next to the target, which
 * is then renamed over it (an atomic move where the file system has one). Readers see the old file
 * or the new one, never a part. Parent directories are created.
 */
public final class AtomicFiles {

  /** How {@link #write} treats the file. */
  public enum Option {
    /** Create the file with mode 0600 (owner read and write) where the file system is POSIX. */
    OWNER_ONLY,
    /** Replace an existing file; without it an existing file is refused. */
    REPLACE_EXISTING,
    /** Force the content to the device before the rename. */
    SYNC,
    /**
     * Also force the directory after the rename, best effort, so that the rename itself survives a
     * crash (Linux); implies {@link #SYNC}.
     */
    SYNC_DIRECTORY
  }

  private static final Set<PosixFilePermission> OWNER_READ_WRITE =
      EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

  private AtomicFiles() {}

  /**
   * Writes {@code content} to {@code file} atomically.
   *
   * @throws FileAlreadyExistsException if the file exists and {@link Option#REPLACE_EXISTING} is
   *     not given; nothing is written then
   * @throws IOException if the file cannot be written; the temporary file is removed
   */
  public static void write(Path file, byte[] content, Option... options) throws IOException {
    Set<Option> opts = EnumSet.noneOf(Option.class);
    Collections.addAll(opts, options);
    boolean replace = opts.contains(Option.REPLACE_EXISTING);
    if (!replace && Files.exists(file)) {
      throw new FileAlreadyExistsException(file.toString());
    }
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp = dir.resolve(file.getFileName() + ".tmp");
    try {
      Files.deleteIfExists(tmp);
      try (FileChannel channel = create(tmp, opts.contains(Option.OWNER_ONLY) && isPosix(dir))) {
        ByteBuffer buffer = ByteBuffer.wrap(content);
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
        if (opts.contains(Option.SYNC) || opts.contains(Option.SYNC_DIRECTORY)) {
          channel.force(true);
        }
      }
      if (!replace && Files.exists(file)) {
        throw new FileAlreadyExistsException(file.toString());
      }
      move(tmp, file, replace);
    } finally {
      Files.deleteIfExists(tmp);
    }
    if (opts.contains(Option.SYNC_DIRECTORY)) {
      syncDirectory(dir);
    }
  }

  private static FileChannel create(Path tmp, boolean ownerOnly) throws IOException {
    Set<OpenOption> open = Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    if (ownerOnly) {
      FileAttribute<?> mode = PosixFilePermissions.asFileAttribute(OWNER_READ_WRITE);
      return FileChannel.open(tmp, open, mode);
    }
    return FileChannel.open(tmp, open);
  }

  private static void move(Path tmp, Path file, boolean replace) throws IOException {
    CopyOption[] atomic =
        replace
            ? new CopyOption[] {StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING}
            : new CopyOption[] {StandardCopyOption.ATOMIC_MOVE};
    try {
      Files.move(tmp, file, atomic);
    } catch (AtomicMoveNotSupportedException e) {
      if (replace) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      } else {
        Files.move(tmp, file);
      }
    }
  }

  private static void syncDirectory(Path dir) {
    // Makes the rename durable on Linux; not every platform can open a directory, which is fine.
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      // best effort: the rename is still atomic, only its durability is up to the file system
    }
  }

  private static boolean isPosix(Path dir) {
    return Files.getFileAttributeView(dir, PosixFileAttributeView.class) != null;
  }
}
