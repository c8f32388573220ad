package io.starling.runtime.node;

import io.starling.runtime.transport.internal.FaceServices;
import io.starling.runtime.trust.EnvelopeVerifier;
import io.starling.runtime.trust.ReplayGuard;
import io.starling.runtime.trust.TrustStore;
import io.starling.runtime.wire.FlatJson;
import java.io.IOException;
import java.time.Clock;
import java.util.Base64;
import java.util.Map;

/**
 * {@code POST /mesh/publish}: a member of the mesh (an operator's or a device's certificate under
 * the mesh trust) asks this node to publish a message as itself. The request is a Starling envelope
 * (Content-Format 18) whose payload (JSON) is {@code {"topic":"greenhouse/notes","cf":112,
 * "body":"<base64>"}}; its signature and freshness are checked like a command's, so nobody outside
 * the mesh can inject data, and a replayed request is refused.
 */
final class OperatorPublish implements FaceServices.Publisher {

  /** Publishes on the node's behalf once a request is verified. */
  @FunctionalInterface
  interface Sink {
    long publish(String topic, int contentFormat, byte[] body) throws IOException;
  }

  private final EnvelopeVerifier verifier;
  private final Sink sink;

  OperatorPublish(TrustStore trust, Clock clock, Sink sink) {
    this.verifier =
        trust == null ? null : new EnvelopeVerifier(trust, ReplayGuard.defaults(), clock);
    this.sink = sink;
  }

  @Override
  public Outcome publish(int contentFormat, byte[] body) {
    if (verifier == null) {
      return new Outcome(503, "this node is not enrolled: it joins no mesh");
    }
    if (contentFormat != 18 || body == null) {
      return new Outcome(415, "a publish request is a signed envelope, Content-Format 18");
    }
    EnvelopeVerifier.Result r = verifier.verify(body);
    if (r instanceof EnvelopeVerifier.Failed f) {
      return new Outcome(401, f.reason().name() + ": " + f.detail());
    }
    EnvelopeVerifier.Verified v = (EnvelopeVerifier.Verified) r;
    String topic;
    int cf;
    byte[] message;
    try {
      Map<String, Object> q = FlatJson.parse(v.envelope().payload());
      topic = FlatJson.text(q, "topic");
      long format = FlatJson.integer(q, "cf");
      if (format < 0 || format > 65535) {
        throw new IllegalArgumentException("cf " + format + " is not a CoAP Content-Format");
      }
      cf = (int) format;
      message = Base64.getDecoder().decode(FlatJson.text(q, "body"));
    } catch (IllegalArgumentException e) {
      return new Outcome(400, "malformed publish request: " + e.getMessage());
    }
    try {
      long seq = sink.publish(topic, cf, message);
      return new Outcome(
          204,
          "{\"topic\":\""
              + topic.replace("\\", "\\\\").replace("\"", "\\\"")
              + "\",\"seq\":"
              + seq
              + "}");
    } catch (IllegalArgumentException e) {
      return new Outcome(400, e.getMessage());
    } catch (IllegalStateException e) {
      return new Outcome(503, e.getMessage());
    } catch (IOException e) {
      return new Outcome(500, "cannot publish: " + e.getMessage());
    }
  }
}
