package io.starling.runtime.node;

import io.starling.runtime.driver.spi.Hardware;

/** Gives tests in other packages the node's "no hardware" access. */
public final class NoHardwareForTests {

  private NoHardwareForTests() {}

  /** Hardware that refuses every request. */
  public static Hardware hardware() {
    return NoHardware.INSTANCE;
  }
}
