package io.starling.runtime.trust;

/** What the replay check said about a sequence number; the rejections are counted by kind. */
public enum ReplayVerdict {
  /** Not seen before and not too old: accept. */
  FRESH,
  /** Seen before within the window: drop. */
  REPLAYED,
  /** Older than the window (or the origin's remembered floor): cannot tell, so drop. */
  STALE;

  /** Whether the message may be processed. */
  public boolean accepted() {
    return this == FRESH;
  }
}
