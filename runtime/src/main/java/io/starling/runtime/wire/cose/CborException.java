package io.starling.runtime.wire.cose;

/** The input is not the CBOR expected; the message says where and why. Never leaves the package. */
final class CborException extends Exception {

  CborException(String message) {
    super(message, null, false, false);
  }
}
