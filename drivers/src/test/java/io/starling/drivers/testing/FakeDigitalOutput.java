package io.starling.drivers.testing;

import io.starling.runtime.driver.spi.DigitalOutput;
import java.util.ArrayList;
import java.util.List;

/** A pin that records every level driven on it. */
public final class FakeDigitalOutput implements DigitalOutput {

  private final int pin;
  private final List<Boolean> levels = new ArrayList<>();
  private boolean closed;

  FakeDigitalOutput(int pin, boolean initial) {
    this.pin = pin;
    levels.add(initial);
  }

  /** The pin number it was opened on. */
  public int pin() {
    return pin;
  }

  /** Every level driven, the initial one first. */
  public List<Boolean> levels() {
    return levels;
  }

  /** Whether the driver released the pin. */
  public boolean isClosed() {
    return closed;
  }

  @Override
  public void set(boolean high) {
    if (closed) {
      throw new IllegalStateException("pin " + pin + " is closed");
    }
    levels.add(high);
  }

  @Override
  public boolean isHigh() {
    return levels.get(levels.size() - 1);
  }

  @Override
  public void close() {
    closed = true;
  }
}
