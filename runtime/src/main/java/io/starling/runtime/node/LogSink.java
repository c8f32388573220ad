package io.starling.runtime.node;

import io.starling.runtime.pubsub.Delivery;
import io.starling.runtime.wire.RecordJson;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A subscription's {@code log} file: every delivered message appended as one JSON line, a {@link
 * MessagesView.Message} as {@code GET /mesh/messages} serves it, written through at once.
 */
final class LogSink implements Consumer<Delivery>, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(LogSink.class);

  private final Path file;
  private final OutputStream out;
  private long written;

  LogSink(Path file) throws IOException {
    this.file = file;
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    this.out =
        Files.newOutputStream(
            file, StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
  }

  @Override
  public synchronized void accept(Delivery d) {
    try {
      out.write(RecordJson.toJson(MessagesView.Message.of(++written, d)));
      out.write('\n');
      out.flush();
    } catch (IOException e) {
      LOG.warn("cannot append to {}: {}", file, e.getMessage());
    }
  }

  @Override
  public synchronized void close() {
    try {
      out.close();
    } catch (IOException e) {
      LOG.warn("cannot close {}: {}", file, e.getMessage());
    }
  }
}
