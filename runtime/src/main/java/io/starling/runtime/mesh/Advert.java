package io.starling.runtime.mesh;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.starling.runtime.identity.NodeId;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The payload of a link-state advert (content format 50, JSON), signed by its origin in a Starling
 * envelope whose {@code kid} must be {@link #node()} and whose sequence number orders the origin's
 * adverts:
 *
 * <pre>{"mesh":"greenhouse","node":"&lt;origin id&gt;","name":"relay-1",
 *  "links":[{"id":"&lt;neighbour id&gt;","cost":104}],"subs":["greenhouse/+/air"]}</pre>
 *
 * @param mesh the origin's mesh
 * @param node the origin; an advert is refused and counted as forged unless this is its signer
 * @param name the origin's name (informational: certificates are authoritative)
 * @param links the origin's UP neighbours with the cost it measures to each
 * @param subscriptions the topic filters the origin subscribes to: publishers send a message only
 *     toward the nodes whose filters match its topic ({@code subs}; absent means none)
 */
public record Advert(
    String mesh, NodeId node, String name, List<Link> links, List<String> subscriptions) {

  /** The most subscriptions one advert may carry. */
  public static final int MAX_SUBSCRIPTIONS = 64;

  /** An advert without subscriptions. */
  public Advert(String mesh, NodeId node, String name, List<Link> links) {
    this(mesh, node, name, links, List.of());
  }

  /** The largest advert payload accepted, in bytes. */
  public static final int MAX_BYTES = 16 * 1024;

  /**
   * The most links one advert may claim: with a certificate it stays well under the 8 KiB of a mesh
   * datagram. A node with more UP neighbours advertises the cheapest 100.
   */
  public static final int MAX_LINKS = 100;

  private static final JsonFactory JSON = new JsonFactory();

  /** Copies the links; refuses self-links and duplicates. */
  public Advert {
    links = List.copyOf(links);
    subscriptions = List.copyOf(subscriptions);
    if (subscriptions.size() > MAX_SUBSCRIPTIONS) {
      throw new IllegalArgumentException("more than " + MAX_SUBSCRIPTIONS + " subscriptions");
    }
    subscriptions.forEach(io.starling.runtime.pubsub.Topics::checkFilter);
    Set<NodeId> seen = new HashSet<>();
    for (Link l : links) {
      if (l.id().equals(node)) {
        throw new IllegalArgumentException("an advert cannot claim a link to its own origin");
      }
      if (!seen.add(l.id())) {
        throw new IllegalArgumentException("link to " + l.id() + " is listed twice");
      }
    }
  }

  /**
   * One link as its origin sees it.
   *
   * @param id the neighbour at the other end
   * @param cost the origin's cost for it, {@value RouteCosts#MIN}..{@value RouteCosts#MAX}
   */
  public record Link(NodeId id, int cost) {

    /** Validates the cost range. */
    public Link {
      if (cost < RouteCosts.MIN || cost > RouteCosts.MAX) {
        throw new IllegalArgumentException(
            "cost " + cost + " is out of range [" + RouteCosts.MIN + ", " + RouteCosts.MAX + "]");
      }
    }
  }

  /** The JSON payload. */
  public byte[] toJson() {
    ByteArrayOutputStream out = new ByteArrayOutputStream(96 + 48 * links.size());
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("mesh", mesh);
      g.writeStringField("node", node.toString());
      g.writeStringField("name", name);
      g.writeArrayFieldStart("links");
      for (Link l : links) {
        g.writeStartObject();
        g.writeStringField("id", l.id().toString());
        g.writeNumberField("cost", l.cost());
        g.writeEndObject();
      }
      g.writeEndArray();
      if (!subscriptions.isEmpty()) {
        g.writeArrayFieldStart("subs");
        for (String f : subscriptions) {
          g.writeString(f);
        }
        g.writeEndArray();
      }
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /**
   * Parses a payload.
   *
   * @throws IllegalArgumentException with the reason, for anything that is not a well-formed advert
   */
  public static Advert parse(byte[] json) {
    if (json.length > MAX_BYTES) {
      throw new IllegalArgumentException(
          "advert of " + json.length + " bytes exceeds the limit of " + MAX_BYTES);
    }
    String mesh = null;
    NodeId node = null;
    String name = null;
    List<Link> links = null;
    List<String> subs = new ArrayList<>();
    try (JsonParser p = JSON.createParser(json)) {
      expect(p.nextToken() == JsonToken.START_OBJECT, "an advert is a JSON object");
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken t = p.nextToken();
        switch (field) {
          case "mesh" -> mesh = text(p, t, field);
          case "node" -> node = NodeId.parse(text(p, t, field));
          case "name" -> name = text(p, t, field);
          case "links" -> links = readLinks(p, t);
          case "subs" -> {
            expect(t == JsonToken.START_ARRAY, "subs is an array");
            while (p.nextToken() == JsonToken.VALUE_STRING) {
              subs.add(p.getText());
              expect(subs.size() <= MAX_SUBSCRIPTIONS, "more than " + MAX_SUBSCRIPTIONS + " subs");
            }
            expect(p.currentToken() == JsonToken.END_ARRAY, "subs holds strings");
          }
          default -> p.skipChildren();
        }
      }
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("advert is not valid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new IllegalArgumentException("advert cannot be read: " + e.getMessage());
    }
    expect(
        mesh != null && node != null && name != null && links != null,
        "an advert needs mesh, node, name and links");
    return new Advert(mesh, node, name, links, subs);
  }

  private static List<Link> readLinks(JsonParser p, JsonToken t) throws IOException {
    expect(t == JsonToken.START_ARRAY, "links is an array");
    List<Link> out = new ArrayList<>();
    while (p.nextToken() == JsonToken.START_OBJECT) {
      NodeId id = null;
      long cost = -1;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken v = p.nextToken();
        switch (field) {
          case "id" -> id = NodeId.parse(text(p, v, "links.id"));
          case "cost" -> {
            expect(v == JsonToken.VALUE_NUMBER_INT, "links.cost is an integer");
            cost = p.getLongValue();
            expect(
                cost >= RouteCosts.MIN && cost <= RouteCosts.MAX,
                "links.cost " + cost + " is out of range");
          }
          default -> p.skipChildren();
        }
      }
      expect(id != null && cost >= 0, "a link needs id and cost");
      out.add(new Link(id, (int) cost));
      expect(out.size() <= MAX_LINKS, "more than " + MAX_LINKS + " links");
    }
    return out;
  }

  private static String text(JsonParser p, JsonToken t, String field) throws IOException {
    expect(t == JsonToken.VALUE_STRING, field + " is a string");
    return p.getText();
  }

  private static void expect(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException(message);
    }
  }
}
