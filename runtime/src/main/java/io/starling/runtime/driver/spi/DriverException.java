package io.starling.runtime.driver.spi;

/** A device failed: not answering, wrong chip, bad checksum. The runtime backs off and retries. */
public class DriverException extends Exception {

  /** A failure described by its message. */
  public DriverException(String message) {
    super(message);
  }

  /** A failure caused by a lower-level exception (an I/O error, a bus error). */
  public DriverException(String message, Throwable cause) {
    super(message, cause);
  }
}
