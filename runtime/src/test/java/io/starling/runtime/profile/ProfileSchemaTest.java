package io.starling.runtime.profile;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

class ProfileSchemaTest {

  @Test
  void schema_on_the_class_path_is_a_valid_draft_07_schema() throws Exception {
    JsonNode schema;
    try (InputStream in = ProfileLoader.class.getResourceAsStream("profile.schema.json")) {
      assertThat(in).as("profile.schema.json on the class path").isNotNull();
      schema = new ObjectMapper().readTree(in);
    }
    JsonSchema metaSchema =
        JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7)
            .getSchema(SchemaLocation.of("http://json-schema.org/draft-07/schema"));

    assertThat(schema.path("$schema").asText())
        .isEqualTo("http://json-schema.org/draft-07/schema#");
    assertThat(metaSchema.validate(new ObjectMapper().readTree("{\"type\": 5}")))
        .as("the meta-schema really checks")
        .isNotEmpty();
    assertThat(metaSchema.validate(schema)).isEmpty();
  }
}
