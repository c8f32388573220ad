package io.starling.runtime.wire.cose;

/** A tagged CBOR data item (RFC 8949 §3.4), as read or to be written. */
record CborTag(long tag, Object content) {}
