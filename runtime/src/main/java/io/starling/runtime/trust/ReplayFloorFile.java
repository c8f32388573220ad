package io.starling.runtime.trust;

import io.starling.runtime.identity.NodeId;
import io.starling.runtime.util.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Per-origin replay floors on disk: one {@code <node id> <highest sequence>} line per origin,
 * written atomically (temporary file, fsync, rename). Lines that do not parse are skipped: a
 * damaged file can only make the receiver forget floors, never accept a number twice within one
 * run.
 */
public final class ReplayFloorFile {

  private ReplayFloorFile() {}

  /** The floors in {@code file}, or none if it does not exist. */
  public static Map<NodeId, Long> load(Path file) throws IOException {
    Map<NodeId, Long> floors = new HashMap<>();
    if (!Files.exists(file)) {
      return floors;
    }
    for (String line : Files.readAllLines(file, StandardCharsets.US_ASCII)) {
      String[] parts = line.trim().split("\\s+");
      if (parts.length != 2) {
        continue;
      }
      try {
        floors.merge(NodeId.parse(parts[0]), Long.parseLong(parts[1]), Math::max);
      } catch (IllegalArgumentException e) {
        // skipped: see the class comment
      }
    }
    return floors;
  }

  /** Replaces {@code file} with {@code floors}. */
  public static void save(Path file, Map<NodeId, Long> floors) throws IOException {
    StringBuilder text = new StringBuilder();
    new TreeMap<>(floors)
        .forEach((id, seq) -> text.append(id).append(' ').append(seq).append('\n'));
    AtomicFiles.write(
        file,
        text.toString().getBytes(StandardCharsets.US_ASCII),
        AtomicFiles.Option.REPLACE_EXISTING,
        AtomicFiles.Option.SYNC);
  }
}
