package io.starling.runtime.identity;

/** A key file cannot be used; the message names the file and what to do. */
public class KeyFileException extends Exception {

  /** A problem with a key file. */
  public KeyFileException(String message, Throwable cause) {
    super(message, cause);
  }
}
