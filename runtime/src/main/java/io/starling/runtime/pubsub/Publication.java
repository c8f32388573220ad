package io.starling.runtime.pubsub;

import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.dataformat.cbor.CBORGenerator;
import com.fasterxml.jackson.dataformat.cbor.CBORParser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The signed payload of a published message (envelope content format {@value #FORMAT}): a CBOR
 * array {@code [topic, epoch, seq, content-format, body]}.
 *
 * @param topic the topic name
 * @param epoch the origin's stream epoch: a random number chosen when the origin's log of this
 *     topic was created, so a subscriber tells a reset stream (wiped state) from an old one
 * @param seq the message's number in its stream (origin, topic, epoch), from 1, without gaps
 * @param contentFormat the body's CoAP Content-Format, e.g. 112 (SenML CBOR)
 * @param body the message itself
 */
public record Publication(String topic, long epoch, long seq, int contentFormat, byte[] body) {

  /** Envelope content format of a publication (experimental-use range, RFC 7252 §12.3). */
  public static final int FORMAT = 65100;

  /** The largest body accepted, in bytes. */
  public static final int MAX_BODY = 4096;

  private static final CBORFactory CBOR = new CBORFactory();

  /** The CBOR encoding. */
  public byte[] encode() {
    ByteArrayOutputStream out = new ByteArrayOutputStream(32 + topic.length() + body.length);
    try (CBORGenerator g = CBOR.createGenerator(out)) {
      g.writeStartArray(null, 5);
      g.writeString(topic);
      g.writeNumber(epoch);
      g.writeNumber(seq);
      g.writeNumber(contentFormat);
      g.writeBinary(body);
      g.writeEndArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /**
   * Decodes a payload.
   *
   * @throws IllegalArgumentException for anything that is not a well-formed publication
   */
  public static Publication decode(byte[] cbor) {
    try (CBORParser p = CBOR.createParser(cbor)) {
      expect(p.nextToken() == JsonToken.START_ARRAY, "a publication is a CBOR array");
      expect(p.nextToken() == JsonToken.VALUE_STRING, "topic is a text string");
      String topic = Topics.checkName(p.getText());
      long epoch = uint(p, "epoch");
      long seq = uint(p, "seq");
      long cf = uint(p, "content format");
      expect(cf <= 65535, "content format out of range");
      expect(p.nextToken() == JsonToken.VALUE_EMBEDDED_OBJECT, "body is a byte string");
      byte[] body = p.getBinaryValue();
      expect(body.length <= MAX_BODY, "body exceeds " + MAX_BODY + " bytes");
      expect(p.nextToken() == JsonToken.END_ARRAY, "a publication has 5 elements");
      expect(p.nextToken() == null, "trailing bytes after the publication");
      expect(seq >= 1, "seq starts at 1");
      return new Publication(topic, epoch, seq, (int) cf, body);
    } catch (IOException e) {
      throw new IllegalArgumentException("publication is not valid CBOR: " + e.getMessage());
    }
  }

  private static long uint(CBORParser p, String what) throws IOException {
    expect(p.nextToken() == JsonToken.VALUE_NUMBER_INT, what + " is an unsigned integer");
    expect(
        p.getNumberType() != com.fasterxml.jackson.core.JsonParser.NumberType.BIG_INTEGER,
        what + " is too large");
    long v = p.getLongValue();
    expect(v >= 0, what + " is negative");
    return v;
  }

  private static void expect(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }
}
