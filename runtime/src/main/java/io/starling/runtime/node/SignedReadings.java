package io.starling.runtime.node;

import io.starling.runtime.driver.Sample;
import io.starling.runtime.identity.NodeIdentity;
import io.starling.runtime.identity.SequenceCounter;
import io.starling.runtime.wire.SenmlCodec;
import io.starling.runtime.wire.cose.StarlingEnvelope;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Signs samples as COSE_Sign1 envelopes of SenML CBOR (content format 112 inside, 18 outside), each
 * with the node's next sequence number, the sample's time and, when the node is enrolled, its
 * certificate ({@code x5chain}). Each sample is signed once, when first asked for, and the bytes
 * are reused for every GET and notification of that sample.
 */
final class SignedReadings {

  private record Signed(long sampleNumber, byte[] bytes) {}

  private final NodeIdentity identity;
  private final SequenceCounter sequence;
  private final Optional<byte[]> certificate;
  private final ConcurrentMap<String, Signed> latest = new ConcurrentHashMap<>();

  SignedReadings(NodeIdentity identity, SequenceCounter sequence, Optional<byte[]> certificate) {
    this.identity = identity;
    this.sequence = sequence;
    this.certificate = certificate;
  }

  /** The signed form of {@code sample}, or empty if no sequence number could be reserved. */
  Optional<byte[]> sign(Sample sample) {
    Signed cached = latest.get(sample.sensor());
    if (cached != null && cached.sampleNumber() == sample.number()) {
      return Optional.of(cached.bytes());
    }
    synchronized (this) {
      cached = latest.get(sample.sensor());
      if (cached != null && cached.sampleNumber() == sample.number()) {
        return Optional.of(cached.bytes());
      }
      long seq;
      try {
        seq = sequence.next();
      } catch (IOException e) {
        return Optional.empty();
      }
      byte[] payload = SenmlCodec.toCbor(sample.topic() + "/", sample.readings());
      byte[] bytes =
          StarlingEnvelope.sign(
              identity, seq, sample.time(), SenmlCodec.CONTENT_FORMAT_CBOR, payload, certificate);
      latest.put(sample.sensor(), new Signed(sample.number(), bytes));
      return Optional.of(bytes);
    }
  }
}
