package io.starling.runtime.trust;

/**
 * A CA, certificate, request or trust file cannot be used as given: missing, malformed, already
 * there, or against a rule. The message names the file or value and the rule.
 */
public class TrustException extends Exception {

  /** A problem with no underlying cause. */
  public TrustException(String message) {
    super(message);
  }

  /** A problem caused by {@code cause}. */
  public TrustException(String message, Throwable cause) {
    super(message, cause);
  }
}
