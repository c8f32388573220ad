package io.starling.runtime.pubsub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.starling.runtime.identity.NodeId;
import io.starling.runtime.util.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A subscriber's progress per stream (origin, topic): the epoch and the last sequence number
 * delivered, kept in {@code <data>/cursors.json} so that after a restart the subscriber fetches
 * what it missed and delivers nothing twice. Written behind ({@link #flush()}); thread-safe.
 */
public final class Cursors {

  private static final Logger LOG = LoggerFactory.getLogger(Cursors.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One stream's progress. */
  public record Cursor(long epoch, long delivered, long lastTimeMillis) {}

  /** A stream: what one origin publishes on one topic. */
  public record Stream(NodeId origin, String topic) {}

  private final Path file;
  private final Map<Stream, Cursor> cursors = new HashMap<>();
  private boolean dirty;

  private Cursors(Path file) {
    this.file = file;
  }

  /** Cursors kept in {@code file} (read if it exists); {@code null} keeps them in memory only. */
  public static Cursors open(Path file) throws IOException {
    Cursors c = new Cursors(file);
    if (file != null && Files.exists(file)) {
      JsonNode root = JSON.readTree(file.toFile());
      for (JsonNode n : root.path("streams")) {
        try {
          c.cursors.put(
              new Stream(NodeId.parse(n.path("origin").asText()), n.path("topic").asText()),
              new Cursor(
                  n.path("epoch").asLong(), n.path("delivered").asLong(), n.path("time").asLong()));
        } catch (IllegalArgumentException e) {
          LOG.warn("{}: skipping a bad cursor: {}", file, e.getMessage());
        }
      }
    }
    return c;
  }

  public synchronized Optional<Cursor> get(Stream s) {
    return Optional.ofNullable(cursors.get(s));
  }

  public synchronized void put(Stream s, Cursor c) {
    cursors.put(s, c);
    dirty = true;
  }

  /** Writes the cursors if they changed since the last flush (atomically, without fsync). */
  public synchronized void flush() {
    if (!dirty || file == null) {
      return;
    }
    ObjectNode root = JSON.createObjectNode();
    ArrayNode streams = root.putArray("streams");
    cursors.forEach(
        (s, c) ->
            streams
                .addObject()
                .put("origin", s.origin().toString())
                .put("topic", s.topic())
                .put("epoch", c.epoch())
                .put("delivered", c.delivered())
                .put("time", c.lastTimeMillis()));
    try {
      AtomicFiles.write(file, JSON.writeValueAsBytes(root), AtomicFiles.Option.REPLACE_EXISTING);
      dirty = false;
    } catch (IOException e) {
      LOG.warn("cannot write {}: {}", file, e.getMessage());
    }
  }
}
