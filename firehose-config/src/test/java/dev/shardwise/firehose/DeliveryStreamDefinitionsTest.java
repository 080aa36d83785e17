package dev.shardwise.firehose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeliveryStreamDefinitionsTest {
  static final Map<String, String> LOCAL =
      DeliveryStreamDefinitions.localValues(
          "us-east-1", "000000000000", "shardwise-archive", "shardwise-events");

  @Test
  void everyShippedDefinition_loadsWithLocalValues() {
    List<DeliveryStreamDefinition> all = DeliveryStreamDefinitions.loadAll(LOCAL);

    assertThat(all)
        .extracting(DeliveryStreamDefinition::deliveryStreamName)
        .containsExactlyElementsOf(DeliveryStreamDefinitions.NAMES);
    assertThat(all)
        .allSatisfy(
            d -> {
              var s3 = d.extendedS3DestinationConfiguration();
              assertThat(s3.bucketName()).isEqualTo("shardwise-archive");
              assertThat(s3.dynamicPartitioningEnabled()).isTrue();
              assertThat(d.maxActivePartitions()).isBetween(1, 500);
            });
  }

  @Test
  void shippedPrefixes_areTheArchiveLayoutOfArchitectureMd() {
    Map<String, String> prefixes = new HashMap<>();
    Map<String, String> errors = new HashMap<>();
    for (var d : DeliveryStreamDefinitions.loadAll(LOCAL)) {
      prefixes.put(d.deliveryStreamName(), d.extendedS3DestinationConfiguration().prefix());
      errors.put(
          d.deliveryStreamName(), d.extendedS3DestinationConfiguration().errorOutputPrefix());
    }
    assertThat(prefixes)
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "shardwise-events",
                "events/dt=!{partitionKeyFromQuery:dt}/hour=!{partitionKeyFromQuery:hour}/",
                "shardwise-page-views",
                "page_views/dt=!{partitionKeyFromQuery:dt}/",
                "shardwise-anomalies",
                "anomalies/dt=!{partitionKeyFromQuery:dt}/",
                "shardwise-rejects",
                "rejects/dt=!{partitionKeyFromQuery:dt}/"));
    assertThat(errors.get("shardwise-page-views"))
        .isEqualTo("errors/page_views/!{firehose:error-output-type}/dt=!{timestamp:yyyy-MM-dd}/");
  }

  @Test
  void shippedStreams_haveTheirSourcesAndFormats() {
    var events = DeliveryStreamDefinitions.load("shardwise-events", LOCAL);
    var rejects = DeliveryStreamDefinitions.load("shardwise-rejects", LOCAL);

    assertThat(events.kinesisSource()).isTrue();
    assertThat(events.kinesisStreamSourceConfiguration().streamName())
        .isEqualTo("shardwise-events");
    var conversion =
        events.extendedS3DestinationConfiguration().dataFormatConversionConfiguration();
    assertThat(conversion.schemaConfiguration().databaseName()).isEqualTo("shardwise");
    assertThat(conversion.schemaConfiguration().tableName()).isEqualTo("events");
    assertThat(conversion.schemaConfiguration().region()).isEqualTo("us-east-1");
    assertThat(rejects.kinesisSource()).isFalse();
    assertThat(rejects.extendedS3DestinationConfiguration().compression()).isEqualTo("GZIP");
    assertThat(rejects.extendedS3DestinationConfiguration().formatConversionEnabled()).isFalse();
  }

  @Test
  void templates_keepPlaceholdersAndStillValidate() {
    var t = DeliveryStreamDefinitions.loadTemplate("shardwise-events");
    assertThat(t.extendedS3DestinationConfiguration().bucketARN()).isEqualTo("${ArchiveBucketArn}");
    assertThat(
            DeliveryStreamDefinitions.placeholders(
                DeliveryStreamDefinitions.rawJson("shardwise-events")))
        .isSubsetOf(DeliveryStreamDefinitions.PLACEHOLDERS);
  }

  @Test
  void substitute_withAMissingValue_namesThePlaceholder() {
    Map<String, String> partial = new HashMap<>(LOCAL);
    partial.remove("ArchiveBucketArn");
    assertThatThrownBy(() -> DeliveryStreamDefinitions.load("shardwise-events", partial))
        .isInstanceOf(InvalidDefinitionException.class)
        .hasMessage(
            "shardwise-events.json: ${ArchiveBucketArn}: no value given for this placeholder");
  }

  @Test
  void substitute_escapesValuesForJson() {
    String out =
        DeliveryStreamDefinitions.substitute(
            "f", "{\"A\":\"${ArchiveBucketArn}\"}", Map.of("ArchiveBucketArn", "a\"b\\c"));
    assertThat(out).isEqualTo("{\"A\":\"a\\\"b\\\\c\"}");
  }

  @Test
  void load_unknownName_isAClearError() {
    assertThatThrownBy(() -> DeliveryStreamDefinitions.load("nope", LOCAL))
        .isInstanceOf(InvalidDefinitionException.class)
        .hasMessageContaining("nope.json")
        .hasMessageContaining("no such delivery stream definition");
  }

  @Test
  void toJson_roundTripsThroughTheLoader() {
    var d = DeliveryStreamDefinitions.load("shardwise-events", LOCAL);
    String json = DeliveryStreamDefinitions.toJson(d);

    assertThat(json)
        .contains("\"ExtendedS3DestinationConfiguration\"")
        .contains("\"AWSKMSKeyARN\"");
    assertThat(DeliveryStreamDefinitions.parse("again.json", json)).isEqualTo(d);
  }

  @Test
  void maxActivePartitions_comesFromTheTag() {
    assertThat(DeliveryStreamDefinitions.load("shardwise-events", LOCAL).maxActivePartitions())
        .isEqualTo(500);
  }
}
