package io.starling.runtime.node;

import io.starling.runtime.pubsub.Delivery;
import io.starling.runtime.wire.SenmlCodec;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * The answer of {@code GET /mesh/messages} (JSON): messages delivered to this node's subscriptions,
 * each verified against its origin's signature.
 *
 * @param next the number to ask after next time ({@code ?after=})
 * @param messages the messages, oldest first
 */
public record MessagesView(long next, List<Message> messages) {

  /**
   * One message.
   *
   * @param index its number in this node's inbox
   * @param topic its topic
   * @param source the origin's name (from its certificate)
   * @param origin the origin's node id
   * @param seq its number in the stream (origin, topic)
   * @param time when the origin published it (ISO-8601, its clock)
   * @param hops how many hops it took
   * @param senml the SenML records, for a SenML body (content format 112)
   * @param text the body as text, for a text body (content format 0)
   * @param base64 the body in base64, for any other content format
   * @param contentFormat the body's CoAP Content-Format
   */
  public record Message(
      long index,
      String topic,
      String source,
      String origin,
      long seq,
      String time,
      int hops,
      List<Map<String, Object>> senml,
      String text,
      String base64,
      int contentFormat) {

    static Message of(long index, Delivery d) {
      List<Map<String, Object>> senml = null;
      String text = null;
      String base64 = null;
      if (d.contentFormat() == SenmlCodec.CONTENT_FORMAT_CBOR) {
        try {
          senml = SenmlCodec.cborToRecords(d.body());
        } catch (IllegalArgumentException e) {
          base64 = Base64.getEncoder().encodeToString(d.body());
        }
      } else if (d.contentFormat() == 0) {
        text = new String(d.body(), StandardCharsets.UTF_8);
      } else {
        base64 = Base64.getEncoder().encodeToString(d.body());
      }
      return new Message(
          index,
          d.topic(),
          d.originName(),
          d.origin().toString(),
          d.seq(),
          d.time().toString(),
          d.hops(),
          senml,
          text,
          base64,
          d.contentFormat());
    }
  }

  static MessagesView of(MessageInbox.Page page) {
    return new MessagesView(
        page.next(),
        page.entries().stream().map(e -> Message.of(e.index(), e.delivery())).toList());
  }
}
