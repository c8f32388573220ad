package io.starling.runtime.wire.cose;

import java.util.HexFormat;

/** Lower-case hex for messages and docs. */
final class CoseHex {

  private CoseHex() {}

  static String of(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }
}
