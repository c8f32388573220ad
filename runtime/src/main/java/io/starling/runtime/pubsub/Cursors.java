package io.starling.runtime.pubsub;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.starling.runtime.identity.NodeId;
import io.starling.runtime.util.AtomicFiles;
import java.io.ByteArrayOutputStream;
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
  private static final JsonFactory JSON = new JsonFactory();

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
      try (JsonParser p = JSON.createParser(file.toFile())) {
        // {"streams":[{"origin":"..","topic":"..","epoch":1,"delivered":2,"time":3}, ...]}
        if (p.nextToken() != JsonToken.START_OBJECT
            || p.nextToken() != JsonToken.FIELD_NAME
            || !"streams".equals(p.currentName())
            || p.nextToken() != JsonToken.START_ARRAY) {
          throw new IOException(file + " is not a cursor file");
        }
        while (p.nextToken() == JsonToken.START_OBJECT) {
          java.util.Map<String, Object> o = new java.util.HashMap<>();
          while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken t = p.nextToken();
            o.put(name, t == JsonToken.VALUE_NUMBER_INT ? (Object) p.getLongValue() : p.getText());
          }
          try {
            c.cursors.put(
                new Stream(NodeId.parse((String) o.get("origin")), (String) o.get("topic")),
                new Cursor((Long) o.get("epoch"), (Long) o.get("delivered"), (Long) o.get("time")));
          } catch (RuntimeException e) {
            LOG.warn("{}: skipping a bad cursor {}: {}", file, o, e.toString());
          }
        }
        if (p.currentToken() != JsonToken.END_ARRAY) {
          throw new IOException(file + " is not a cursor file: streams holds a non-object");
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
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      try (JsonGenerator g = JSON.createGenerator(out)) {
        g.writeStartObject();
        g.writeArrayFieldStart("streams");
        for (Map.Entry<Stream, Cursor> e : cursors.entrySet()) {
          g.writeStartObject();
          g.writeStringField("origin", e.getKey().origin().toString());
          g.writeStringField("topic", e.getKey().topic());
          g.writeNumberField("epoch", e.getValue().epoch());
          g.writeNumberField("delivered", e.getValue().delivered());
          g.writeNumberField("time", e.getValue().lastTimeMillis());
          g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
      }
      AtomicFiles.write(file, out.toByteArray(), AtomicFiles.Option.REPLACE_EXISTING);
      dirty = false;
    } catch (IOException e) {
      LOG.warn("cannot write {}: {}", file, e.getMessage());
    }
  }
}
