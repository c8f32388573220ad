package io.starling.runtime.profile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonMetaSchema;
import com.networknt.schema.JsonNodePath;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.NonValidationKeyword;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.starling.runtime.util.Suggestions;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Checks a profile tree against {@code profile.schema.json} (JSON Schema draft-07) and turns each
 * validation error into a located problem that names the path in profile terms, the value and the
 * rule. The wording is ours, not the validator's: it is driven by the error's keyword and by the
 * schema node that failed.
 */
final class SchemaChecker {

  /** The schema's class path location; its one source is {@code firmware-config/schema}. */
  static final String SCHEMA_RESOURCE = "profile.schema.json";

  /** The editors' keyword for a readable pattern error (vscode-json-languageservice). */
  static final String PATTERN_ERROR_MESSAGE = "patternErrorMessage";

  private final JsonNode schemaTree;
  private final JsonSchema schema;

  private SchemaChecker(JsonNode schemaTree, JsonSchema schema) {
    this.schemaTree = schemaTree;
    this.schema = schema;
  }

  /** Loads the schema from the class path. */
  static SchemaChecker load() {
    JsonMetaSchema metaSchema =
        JsonMetaSchema.builder(JsonMetaSchema.getV7())
            .keyword(new NonValidationKeyword(PATTERN_ERROR_MESSAGE))
            .build();
    JsonSchemaFactory factory =
        JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7, b -> b.metaSchema(metaSchema));
    SchemaValidatorsConfig config =
        SchemaValidatorsConfig.builder().locale(Locale.ROOT).typeLoose(false).build();
    try (InputStream in = SchemaChecker.class.getResourceAsStream(SCHEMA_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("profile schema missing from the class path");
      }
      JsonNode tree = new ObjectMapper().readTree(in);
      return new SchemaChecker(tree, factory.getSchema(tree, config));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the profile schema", e);
    }
  }

  /** Validates {@code yaml}'s tree and adds a located problem for every schema error. */
  void check(LocatedYaml yaml, Problems problems) {
    for (ValidationMessage error : schema.validate(yaml.root())) {
      NodePath path = toNodePath(error.getInstanceLocation());
      describe(error, path, yaml, problems);
    }
  }

  private void describe(ValidationMessage error, NodePath path, LocatedYaml yaml, Problems out) {
    JsonNode value = error.getInstanceNode();
    JsonNode rule = schemaNode(error.getSchemaLocation().getFragment());
    JsonNode ruleParent = schemaNode(error.getSchemaLocation().getFragment().getParent());
    switch (error.getType()) {
      case "additionalProperties" -> {
        String key = error.getProperty();
        List<String> known = new ArrayList<>();
        ruleParent.path("properties").fieldNames().forEachRemaining(known::add);
        out.add(
            yaml.keyAt(path.child(key)),
            prefix(path)
                + "unknown key '"
                + key
                + "'"
                + Suggestions.didYouMean(key, known)
                + "; known keys: "
                + String.join(", ", known));
      }
      case "required" ->
          out.add(
              yaml.keyAt(path),
              prefix(path) + "missing required key '" + error.getProperty() + "'");
      case "type" -> {
        // A string with a pattern (a duration, a name) is better explained by its pattern rule.
        String must =
            rule.asText().equals("string") && ruleParent.has(PATTERN_ERROR_MESSAGE)
                ? ruleParent.get(PATTERN_ERROR_MESSAGE).asText()
                : "must be " + expected(rule.asText());
        out.add(yaml.valueAt(path), path + " " + must + ", got " + describe(value));
      }
      case "minimum", "maximum" ->
          out.add(yaml.valueAt(path), path + " " + value + " " + range(ruleParent));
      case "pattern" ->
          out.add(
              yaml.valueAt(path),
              path
                  + " '"
                  + value.asText()
                  + "' "
                  + ruleParent.path(PATTERN_ERROR_MESSAGE).asText("must match " + rule.asText()));
      case "minLength" -> out.add(yaml.valueAt(path), path + " must not be empty");
      case "minItems" ->
          out.add(
              yaml.valueAt(path),
              path
                  + " must have at least "
                  + rule.asInt()
                  + (rule.asInt() == 1 ? " entry" : " entries"));
      case "uniqueItems" ->
          out.add(yaml.valueAt(path), path + " must not list the same value twice");
      default -> out.add(yaml.valueAt(path), path + ": " + stripPath(error));
    }
  }

  private static String prefix(NodePath path) {
    return path.isRoot() ? "" : path + ": ";
  }

  private JsonNode schemaNode(JsonNodePath fragment) {
    JsonNode node = schemaTree;
    for (int i = 0; i < fragment.getNameCount(); i++) {
      Object e = fragment.getElement(i);
      node = e instanceof Integer index ? node.path(index) : node.path(String.valueOf(e));
    }
    return node;
  }

  private static NodePath toNodePath(JsonNodePath location) {
    List<Object> elements = new ArrayList<>();
    for (int i = 0; i < location.getNameCount(); i++) {
      elements.add(location.getElement(i));
    }
    return new NodePath(elements);
  }

  /** The schema's type name in profile terms: YAML users write maps and lists. */
  private static String expected(String schemaType) {
    return switch (schemaType) {
      case "object" -> "a map";
      case "array" -> "a list";
      case "integer" -> "an integer";
      case "number" -> "a number";
      case "boolean" -> "true or false";
      case "string" -> "a string";
      default -> "of type " + schemaType;
    };
  }

  /** A value as the user wrote it, with its kind: {@code string "fifty"}, {@code integer 5}. */
  static String describe(JsonNode value) {
    if (value == null || value.isNull() || value.isMissingNode()) {
      return "nothing (null)";
    } else if (value.isTextual() && value.asText().isEmpty()) {
      return "an empty value";
    } else if (value.isTextual()) {
      return "string \"" + value.asText() + "\"";
    } else if (value.isIntegralNumber()) {
      return "integer " + value.asText();
    } else if (value.isNumber()) {
      return "number " + value.asText();
    } else if (value.isBoolean()) {
      return "boolean " + value.asText();
    } else if (value.isArray()) {
      return "a list";
    } else if (value.isObject()) {
      return "a map";
    }
    return value.toString();
  }

  private static String range(JsonNode rule) {
    boolean hasMin = rule.has("minimum");
    boolean hasMax = rule.has("maximum");
    if (hasMin && hasMax) {
      return "is out of range [" + rule.get("minimum") + ", " + rule.get("maximum") + "]";
    }
    return hasMin
        ? "is below the minimum " + rule.get("minimum")
        : "is above the maximum " + rule.get("maximum");
  }

  /** The validator's own message without its {@code $.a.b:} location prefix. */
  private static String stripPath(ValidationMessage error) {
    String message = error.getMessage();
    int colon = message.indexOf(": ");
    return message.startsWith("$") && colon > 0 ? message.substring(colon + 2) : message;
  }
}
