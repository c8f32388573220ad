package io.starling.runtime.profile;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * A YAML document read into a Jackson tree together with the position of every key and value, so
 * that any problem found later in the tree can be reported at its line and column.
 *
 * <p>Jackson's own tree building drops locations, so this reads the token stream itself. On the way
 * it reports what the tree would hide: duplicate keys (YAML 1.2 §3.2.1.1 requires keys to be
 * unique) and a second document in the file. A syntax error becomes a located problem and an empty
 * tree.
 */
final class LocatedYaml {

  private static final YAMLFactory YAML = YAMLFactory.builder().build();

  private final JsonNode root;
  private final Map<NodePath, Position> keys;
  private final Map<NodePath, Position> values;

  private LocatedYaml(JsonNode root, Map<NodePath, Position> keys, Map<NodePath, Position> values) {
    this.root = root;
    this.keys = keys;
    this.values = values;
  }

  /**
   * Parses {@code text}, adding syntax errors and duplicate keys to {@code problems}.
   *
   * @return the document; its {@link #root()} is {@code null} if the text is not valid YAML
   */
  static LocatedYaml parse(String text, Problems problems) {
    Reader reader = new Reader(problems);
    try (JsonParser parser = YAML.createParser(text)) {
      JsonNode root = null;
      if (parser.nextToken() != null) {
        root = reader.value(parser, NodePath.ROOT);
        if (parser.nextToken() != null) {
          problems.add(
              position(parser.currentTokenLocation()),
              "a profile is a single YAML document; remove the second one");
        }
      }
      return new LocatedYaml(root, reader.keys, reader.values);
    } catch (JsonProcessingException e) {
      problems.add(syntaxErrorPosition(e), "YAML syntax error: " + syntaxErrorMessage(e));
      return new LocatedYaml(null, Map.of(), Map.of());
    } catch (IOException e) {
      // Parsing a String performs no I/O; anything else is a parse failure too.
      problems.add(Position.START, "YAML syntax error: " + e.getMessage());
      return new LocatedYaml(null, Map.of(), Map.of());
    }
  }

  /** The document's root, or {@code null} if it is empty or did not parse. */
  JsonNode root() {
    return root;
  }

  /** Where the value at {@code path} starts; falls back to the nearest enclosing value. */
  Position valueAt(NodePath path) {
    for (NodePath p = path; ; p = p.parent()) {
      Position at = values.get(p);
      if (at != null) {
        return at;
      }
      if (p.isRoot()) {
        return Position.START;
      }
    }
  }

  /**
   * Where the key of the entry at {@code path} starts ({@code interval:} rather than {@code 50ms});
   * for list items and the root, where the value starts.
   */
  Position keyAt(NodePath path) {
    Position at = keys.get(path);
    return at != null ? at : valueAt(path);
  }

  private static Position position(JsonLocation location) {
    if (location == null || location.getLineNr() < 1) {
      return Position.START;
    }
    return new Position(location.getLineNr(), Math.max(1, location.getColumnNr()));
  }

  private static Position syntaxErrorPosition(JsonProcessingException e) {
    if (e.getCause() instanceof MarkedYAMLException marked && marked.getProblemMark() != null) {
      return new Position(
          marked.getProblemMark().getLine() + 1, marked.getProblemMark().getColumn() + 1);
    }
    return position(e.getLocation());
  }

  private static String syntaxErrorMessage(JsonProcessingException e) {
    if (e.getCause() instanceof MarkedYAMLException marked) {
      String problem = marked.getProblem();
      String context = marked.getContext();
      return context == null ? problem : problem + " (" + context + ")";
    }
    String message = e.getOriginalMessage();
    // Jackson's own wording for a complex key ({a: 1}: x) names parser events; say it plainly.
    return message != null && message.startsWith("Expected a field name")
        ? "a key must be plain text or a number, not a map or a list"
        : message;
  }

  /** Builds the tree from the token stream, recording positions as it goes. */
  private static final class Reader {

    private final Problems problems;
    private final Map<NodePath, Position> keys = new HashMap<>();
    private final Map<NodePath, Position> values = new HashMap<>();

    Reader(Problems problems) {
      this.problems = problems;
    }

    /** Reads the value whose first token is the parser's current token. */
    JsonNode value(JsonParser p, NodePath path) throws IOException {
      values.put(path, position(p.currentTokenLocation()));
      JsonNodeFactory nodes = JsonNodeFactory.instance;
      JsonToken token = p.currentToken();
      return switch (token) {
        case START_OBJECT -> object(p, path);
        case START_ARRAY -> array(p, path);
        case VALUE_STRING -> nodes.textNode(p.getText());
        case VALUE_NUMBER_INT ->
            switch (p.getNumberType()) {
              case INT -> nodes.numberNode(p.getIntValue());
              case LONG -> nodes.numberNode(p.getLongValue());
              default -> nodes.numberNode(p.getBigIntegerValue());
            };
        case VALUE_NUMBER_FLOAT -> nodes.numberNode(p.getDoubleValue());
        case VALUE_TRUE -> nodes.booleanNode(true);
        case VALUE_FALSE -> nodes.booleanNode(false);
        case VALUE_NULL -> nodes.nullNode();
        default -> nodes.textNode(p.getText()); // VALUE_EMBEDDED_OBJECT: !!binary and the like
      };
    }

    private ObjectNode object(JsonParser p, NodePath path) throws IOException {
      ObjectNode object = JsonNodeFactory.instance.objectNode();
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        NodePath child = path.child(name);
        Position keyAt = position(p.currentTokenLocation());
        p.nextToken();
        if (object.has(name)) {
          Position first = keys.get(child);
          problems.add(
              keyAt,
              (path.isRoot() ? "" : path + ": ")
                  + "duplicate key '"
                  + name
                  + "' (first at line "
                  + first.line()
                  + ")");
          p.skipChildren();
          continue;
        }
        keys.put(child, keyAt);
        object.set(name, value(p, child));
      }
      return object;
    }

    private ArrayNode array(JsonParser p, NodePath path) throws IOException {
      ArrayNode array = JsonNodeFactory.instance.arrayNode();
      int index = 0;
      while (p.nextToken() != JsonToken.END_ARRAY) {
        array.add(value(p, path.child(index++)));
      }
      return array;
    }
  }
}
