package dev.shardwise.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shardwise.athena.Column;
import dev.shardwise.athena.NamedQuery;
import dev.shardwise.athena.QueryCatalog;
import dev.shardwise.athena.TableDefinition;
import dev.shardwise.athena.ViewDefinition;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Glue catalogue, the views and the saved queries are {@code athena-queries}' catalogue: every
 * column, partition key, table property (projection ranges, location template) and query text as
 * the {@code .sql} files define them, the archive bucket filled in.
 */
class CatalogueIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final QueryCatalog CATALOG = QueryCatalog.load();

  @Test
  void database_isTheCataloguesDatabase() {
    Synthesized s = Synthesized.get();
    assertThat(resources(s, "AWS::Glue::Database"))
        .singleElement()
        .satisfies(
            d ->
                assertThat(d.at("/Properties/DatabaseInput/Name").asText())
                    .isEqualTo(QueryCatalog.DATABASE));
  }

  @Test
  void everyTable_carriesItsDefinitionWithTheArchiveBucket() {
    Synthesized s = Synthesized.get();
    List<JsonNode> tables = resources(s, "AWS::Glue::Table");
    assertThat(tables).hasSize(CATALOG.tables().size());
    String bucket = s.stack.storage().archive().getBucketName();

    for (TableDefinition def : CATALOG.tables()) {
      TableDefinition expected = def.withArchiveBucket(bucket);
      JsonNode input = table(tables, def.name()).at("/Properties/TableInput");

      assertThat(input.at("/StorageDescriptor/Columns")).isEqualTo(columns(expected.columns()));
      assertThat(input.get("PartitionKeys")).isEqualTo(columns(expected.partitionKeys()));
      assertThat(input.at("/StorageDescriptor/Location"))
          .isEqualTo(resolved(s, expected.location()));
      JsonNode parameters = input.get("Parameters");
      expected
          .properties()
          .forEach(
              (k, v) ->
                  assertThat(parameters.get(k)).as(def.name() + " " + k).isEqualTo(resolved(s, v)));
      if (def.serde() != null) {
        assertThat(input.at("/StorageDescriptor/SerdeInfo/SerializationLibrary").asText())
            .isEqualTo(def.serde());
      }
      def.serdeProperties()
          .forEach(
              (k, v) ->
                  assertThat(input.at("/StorageDescriptor/SerdeInfo/Parameters/" + k).asText())
                      .isEqualTo(v));
    }
  }

  @Test
  void partitionProjection_isOnWithTheTemplateFirehoseWrites() {
    Synthesized s = Synthesized.get();
    for (TableDefinition def : CATALOG.tables()) {
      JsonNode parameters =
          table(resources(s, "AWS::Glue::Table"), def.name())
              .at("/Properties/TableInput/Parameters");
      assertThat(def.projection()).as(def.name() + " projects its partitions").isPresent();
      assertThat(parameters.get("projection.enabled").asText()).isEqualTo("true");
      assertThat(parameters.get("storage.location.template").toString()).contains(def.name() + "/");
    }
  }

  @Test
  void everyNamedQuery_isSavedInTheWorkGroupWithItsText() {
    Synthesized s = Synthesized.get();
    List<JsonNode> saved = resources(s, "AWS::Athena::NamedQuery");
    assertThat(saved).hasSize(CATALOG.namedQueries().size());
    for (NamedQuery q : CATALOG.namedQueries()) {
      JsonNode p =
          saved.stream()
              .filter(n -> n.at("/Properties/Name").asText().equals(q.name()))
              .findFirst()
              .orElseThrow(() -> new AssertionError("no saved query " + q.name()))
              .get("Properties");
      assertThat(p.get("QueryString").asText()).isEqualTo(q.sql());
      assertThat(p.get("Description").asText()).isEqualTo(q.description());
      assertThat(p.get("Database").asText()).isEqualTo(QueryCatalog.DATABASE);
      assertThat(p.get("WorkGroup").asText()).isEqualTo(Analytics.WORK_GROUP);
    }
  }

  @Test
  void views_runInOrderThroughAthenaAfterTheTables() {
    Synthesized s = Synthesized.get();
    JsonNode views = resources(s, "Custom::AthenaStatements").get(0);
    List<String> statements = new ArrayList<>();
    views.at("/Properties/Statements").forEach(n -> statements.add(n.asText()));

    assertThat(statements).isEqualTo(CATALOG.views().stream().map(ViewDefinition::sql).toList());
    assertThat(views.at("/Properties/Database").asText()).isEqualTo(QueryCatalog.DATABASE);
    assertThat(views.get("DependsOn").toString())
        .contains(
            CATALOG.tables().stream()
                .map(t -> logicalId(s, s.stack.catalogue().tables().get(t.name())))
                .toList());
  }

  @Test
  void parquetDeliveryStreams_waitForTheTableTheyConvertWith() {
    Synthesized s = Synthesized.get();
    for (JsonNode d : resources(s, "AWS::KinesisFirehose::DeliveryStream")) {
      JsonNode schema =
          d.at(
              "/Properties/ExtendedS3DestinationConfiguration/DataFormatConversionConfiguration"
                  + "/SchemaConfiguration");
      if (!schema.isMissingNode()) {
        String table = schema.get("TableName").asText();
        assertThat(d.get("DependsOn").toString())
            .contains(logicalId(s, s.stack.catalogue().tables().get(table)));
      }
    }
  }

  private static JsonNode table(List<JsonNode> tables, String name) {
    return tables.stream()
        .filter(t -> t.at("/Properties/TableInput/Name").asText().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no Glue table " + name));
  }

  private static JsonNode columns(List<Column> columns) {
    List<Map<String, String>> out = new ArrayList<>();
    for (Column c : columns) {
      out.add(
          c.comment() == null
              ? Map.of("Name", c.name(), "Type", c.type())
              : Map.of("Name", c.name(), "Type", c.type(), "Comment", c.comment()));
    }
    return JSON.valueToTree(out);
  }

  private static String logicalId(Synthesized s, software.amazon.awscdk.CfnElement e) {
    return (String) s.stack.resolve(s.stack.getLogicalId(e));
  }

  private static JsonNode resolved(Synthesized s, String value) {
    return JSON.valueToTree(s.stack.resolve(value));
  }

  static List<JsonNode> resources(Synthesized s, String type) {
    List<JsonNode> out = new ArrayList<>();
    for (JsonNode r : JSON.valueToTree(s.template.toJSON()).get("Resources")) {
      if (r.get("Type").asText().equals(type)) {
        out.add(r);
      }
    }
    return out;
  }
}
