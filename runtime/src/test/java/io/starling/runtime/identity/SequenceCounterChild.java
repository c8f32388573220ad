package io.starling.runtime.identity;

import java.io.PrintStream;
import java.nio.file.Path;

/**
 * Child process for {@link SequenceCounterTest}: issues numbers from the counter in args[0] and
 * prints each one, flushed, until killed.
 */
public final class SequenceCounterChild {

  private SequenceCounterChild() {}

  /** Entry point. */
  public static void main(String[] args) throws Exception {
    SequenceCounter counter = SequenceCounter.open(Path.of(args[0]), 100);
    PrintStream out = System.out;
    while (true) {
      out.println(counter.next());
      out.flush();
    }
  }
}
