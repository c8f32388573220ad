package io.starling.runtime.pubsub;

import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.dataformat.cbor.CBORGenerator;
import com.fasterxml.jackson.dataformat.cbor.CBORParser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;

/**
 * Several publications under one signature. The origin signs a Starling envelope (content format
 * {@value #FORMAT}) whose payload is the CBOR array of the SHA-256 digests of the publications'
 * encodings, in order. The batch travels in one datagram as {@code [envelope, [pub_1, ...,
 * pub_n]]}; each publication stays verifiable on its own as {@code [envelope, pub_i]} (how it is
 * logged and re-sent on a fetch): verify the envelope, then find SHA-256(pub_i) in the list.
 */
public final class Batch {

  /** Envelope content format of a batch's digest list (experimental-use range). */
  public static final int FORMAT = 65101;

  /** The most publications in one batch. */
  public static final int MAX_MESSAGES = 32;

  /** The most bytes of publications in one batch (the datagram stays under 8 KiB). */
  public static final int MAX_BYTES = 5000;

  private static final CBORFactory CBOR = new CBORFactory();

  private Batch() {}

  /** SHA-256 of {@code bytes}. */
  public static byte[] digest(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  /** The payload to sign: the digests of {@code publications}. */
  public static byte[] digestList(List<byte[]> publications) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(2 + 34 * publications.size());
    try (CBORGenerator g = CBOR.createGenerator(out)) {
      g.writeStartArray(null, publications.size());
      for (byte[] p : publications) {
        g.writeBinary(digest(p));
      }
      g.writeEndArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** {@code [envelope, [pubs...]]}: the datagram. */
  public static byte[] datagram(byte[] envelope, List<byte[]> publications) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(envelope.length + 4096);
    try (CBORGenerator g = CBOR.createGenerator(out)) {
      g.writeStartArray(null, 2);
      g.writeBinary(envelope);
      g.writeStartArray(null, publications.size());
      for (byte[] p : publications) {
        g.writeBinary(p);
      }
      g.writeEndArray();
      g.writeEndArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** {@code [envelope, pub]}: one publication of a batch, verifiable alone. */
  public static byte[] single(byte[] envelope, byte[] publication) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(envelope.length + publication.length + 8);
    try (CBORGenerator g = CBOR.createGenerator(out)) {
      g.writeStartArray(null, 2);
      g.writeBinary(envelope);
      g.writeBinary(publication);
      g.writeEndArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** A parsed batch or single: the envelope and the publications it carries. */
  public record Parsed(byte[] envelope, List<byte[]> publications) {}

  /**
   * Parses a datagram ({@code [envelope, [pubs]]}) or a single ({@code [envelope, pub]}).
   *
   * @throws IllegalArgumentException if it is neither
   */
  public static Parsed parse(byte[] cbor) {
    try (CBORParser p = CBOR.createParser(cbor)) {
      expect(p.nextToken() == JsonToken.START_ARRAY, "a batch is a CBOR array");
      expect(p.nextToken() == JsonToken.VALUE_EMBEDDED_OBJECT, "the envelope is a byte string");
      byte[] envelope = p.getBinaryValue();
      List<byte[]> pubs = new ArrayList<>();
      JsonToken t = p.nextToken();
      if (t == JsonToken.VALUE_EMBEDDED_OBJECT) {
        pubs.add(p.getBinaryValue());
      } else {
        expect(t == JsonToken.START_ARRAY, "the publications are an array");
        while ((t = p.nextToken()) == JsonToken.VALUE_EMBEDDED_OBJECT) {
          pubs.add(p.getBinaryValue());
          expect(pubs.size() <= MAX_MESSAGES, "more than " + MAX_MESSAGES + " publications");
        }
        expect(t == JsonToken.END_ARRAY, "the publications are byte strings");
      }
      expect(p.nextToken() == JsonToken.END_ARRAY, "a batch has 2 elements");
      expect(p.nextToken() == null, "trailing bytes after the batch");
      expect(!pubs.isEmpty(), "an empty batch");
      return new Parsed(envelope, pubs);
    } catch (IOException e) {
      throw new IllegalArgumentException("batch is not valid CBOR: " + e.getMessage());
    }
  }

  /**
   * The digest list of a verified batch envelope's payload.
   *
   * @throws IllegalArgumentException if it is not a list of 32-byte strings
   */
  public static List<byte[]> digests(byte[] payload) {
    List<byte[]> out = new ArrayList<>();
    try (CBORParser p = CBOR.createParser(payload)) {
      expect(p.nextToken() == JsonToken.START_ARRAY, "a digest list is a CBOR array");
      JsonToken t;
      while ((t = p.nextToken()) == JsonToken.VALUE_EMBEDDED_OBJECT) {
        byte[] d = p.getBinaryValue();
        expect(d.length == 32, "a digest has 32 bytes");
        out.add(d);
        expect(out.size() <= MAX_MESSAGES, "more than " + MAX_MESSAGES + " digests");
      }
      expect(t == JsonToken.END_ARRAY, "digests are byte strings");
      expect(p.nextToken() == null, "trailing bytes after the digests");
    } catch (IOException e) {
      throw new IllegalArgumentException("digest list is not valid CBOR: " + e.getMessage());
    }
    return out;
  }

  private static void expect(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }
}
