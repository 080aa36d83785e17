package dev.shardwise.athena;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shardwise.firehose.DataFormatConversion.SchemaConfiguration;
import dev.shardwise.firehose.DeliveryStreamDefinition;
import dev.shardwise.firehose.DeliveryStreamDefinitions;
import dev.shardwise.firehose.ExtendedS3Destination;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The Glue tables read exactly where Firehose writes: each table's {@code
 * storage.location.template} is its delivery stream's prefix (with Firehose's {@code
 * !{partitionKeyFromQuery:k}} as the projection's {@code ${k}}), the files are in the table's
 * format, and Parquet conversion uses this table's schema.
 */
class FirehosePrefixesTest {
  private static final QueryCatalog CATALOG = QueryCatalog.load();

  @ParameterizedTest(name = "{0} <- {1}")
  @CsvSource({
    "events, shardwise-events",
    "page_views, shardwise-page-views",
    "anomalies, shardwise-anomalies",
    "rejects, shardwise-rejects"
  })
  void tableTemplate_isTheFirehosePrefix(String table, String deliveryStream) {
    DeliveryStreamDefinition stream = DeliveryStreamDefinitions.loadTemplate(deliveryStream);
    ExtendedS3Destination s3 = stream.extendedS3DestinationConfiguration();
    TableDefinition t = CATALOG.table(table).orElseThrow().withArchiveBucket("archive");

    String prefix = s3.prefix().replaceAll("!\\{partitionKeyFromQuery:([a-z_]+)}", "\\${$1}");
    assertThat(t.locationTemplate()).contains("s3://archive/" + prefix);
    assertThat(s3.prefix()).doesNotContain("!{timestamp:").doesNotContain("!{firehose:");
    assertThat(t.projection().orElseThrow().rules().keySet())
        .allSatisfy(
            k -> assertThat(s3.prefix()).contains(k + "=!{partitionKeyFromQuery:" + k + "}"));

    if (t.format() == TableFormat.PARQUET) {
      assertThat(s3.formatConversionEnabled()).isTrue();
      SchemaConfiguration schema = s3.dataFormatConversionConfiguration().schemaConfiguration();
      assertThat(Map.of("db", schema.databaseName(), "table", schema.tableName()))
          .isEqualTo(Map.of("db", QueryCatalog.DATABASE, "table", table));
    } else {
      assertThat(s3.formatConversionEnabled()).isFalse();
      assertThat(s3.compression()).isEqualTo("GZIP");
    }
  }
}
