package dev.shardwise.firehose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** One test per rule: a valid definition with exactly that rule broken. */
class DefinitionRulesTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String FILE = "test.json";

  /** A valid, dynamically partitioned, Parquet-converting definition (the shipped events one). */
  static ObjectNode valid() throws Exception {
    String json =
        DeliveryStreamDefinitions.substitute(
            FILE,
            DeliveryStreamDefinitions.rawJson("shardwise-events"),
            DeliveryStreamDefinitions.localValues(
                "us-east-1", "000000000000", "archive", "events"));
    return (ObjectNode) JSON.readTree(json);
  }

  static ObjectNode dest(ObjectNode d) {
    return (ObjectNode) d.get("ExtendedS3DestinationConfiguration");
  }

  static InvalidDefinitionException broken(Consumer<ObjectNode> change) throws Exception {
    ObjectNode d = valid();
    change.accept(d);
    try {
      DeliveryStreamDefinitions.parse(FILE, JSON.writeValueAsString(d));
    } catch (InvalidDefinitionException e) {
      return e;
    }
    throw new AssertionError("accepted a definition that breaks a rule: " + d);
  }

  static void setQuery(ObjectNode d, String query) {
    ArrayNode params = (ArrayNode) dest(d).at("/ProcessingConfiguration/Processors/0/Parameters");
    ((ObjectNode) params.get(0)).put("ParameterValue", query);
  }

  @Test
  void theBaseDefinition_isValid() throws Exception {
    DeliveryStreamDefinition d = DeliveryStreamDefinitions.parse(FILE, valid().toString());
    assertThat(d.deliveryStreamName()).isEqualTo("shardwise-events");
  }

  @Test
  void name_outsideTheAllowedCharacters_isRefused() throws Exception {
    var e = broken(d -> d.put("DeliveryStreamName", "bad name"));
    assertThat(e.source()).isEqualTo(FILE);
    assertThat(e.field()).isEqualTo("DeliveryStreamName");
    assertThat(e).hasMessageContaining("1-64 of [a-zA-Z0-9_.-]");
  }

  @Test
  void name_longerThan64_isRefused() throws Exception {
    var e = broken(d -> d.put("DeliveryStreamName", "x".repeat(65)));
    assertThat(e.field()).isEqualTo("DeliveryStreamName");
  }

  @Test
  void type_unknown_isRefused() throws Exception {
    var e = broken(d -> d.put("DeliveryStreamType", "MSKAsSource"));
    assertThat(e.field()).isEqualTo("DeliveryStreamType");
  }

  @Test
  void kinesisSource_withoutSourceConfiguration_isRefused() throws Exception {
    var e = broken(d -> d.remove("KinesisStreamSourceConfiguration"));
    assertThat(e.field()).isEqualTo("KinesisStreamSourceConfiguration");
  }

  @Test
  void directPut_withSourceConfiguration_isRefused() throws Exception {
    var e = broken(d -> d.put("DeliveryStreamType", "DirectPut"));
    assertThat(e.field()).isEqualTo("KinesisStreamSourceConfiguration");
  }

  @Test
  void unknownMember_isRefusedWithItsPath() throws Exception {
    var e = broken(d -> dest(d).put("BufferHints", 1));
    assertThat(e.field()).isEqualTo("ExtendedS3DestinationConfiguration.BufferHints");
    assertThat(e).hasMessageContaining("unknown member");
  }

  @Test
  void wrongType_isRefusedWithItsPath() throws Exception {
    var e = broken(d -> ((ObjectNode) dest(d).get("BufferingHints")).put("SizeInMBs", "big"));
    assertThat(e.field()).isEqualTo("ExtendedS3DestinationConfiguration.BufferingHints.SizeInMBs");
  }

  @Test
  void bucketArn_malformed_isRefused() throws Exception {
    var e = broken(d -> dest(d).put("BucketARN", "shardwise-archive"));
    assertThat(e.field()).isEqualTo("ExtendedS3DestinationConfiguration.BucketARN");
  }

  @Test
  void roleArn_missing_isRefused() throws Exception {
    var e = broken(d -> dest(d).remove("RoleARN"));
    assertThat(e.field()).isEqualTo("ExtendedS3DestinationConfiguration.RoleARN");
  }

  @Test
  void bufferSize_above128_isRefused() throws Exception {
    var e = broken(d -> ((ObjectNode) dest(d).get("BufferingHints")).put("SizeInMBs", 129));
    assertThat(e.field()).isEqualTo("ExtendedS3DestinationConfiguration.BufferingHints.SizeInMBs");
    assertThat(e.problem()).isEqualTo("must be 1-128, was 129");
  }

  @Test
  void bufferSize_below64WithDynamicPartitioning_isRefused() throws Exception {
    var e = broken(d -> ((ObjectNode) dest(d).get("BufferingHints")).put("SizeInMBs", 63));
    assertThat(e.problem()).contains("at least 64 when dynamic partitioning is enabled");
  }

  @Test
  void bufferSize_below64WithFormatConversion_isRefused() throws Exception {
    var e =
        broken(
            d -> {
              dest(d).remove("DynamicPartitioningConfiguration");
              dest(d).remove("ProcessingConfiguration");
              dest(d).put("Prefix", "events/");
              ((ObjectNode) dest(d).get("BufferingHints")).put("SizeInMBs", 5);
            });
    assertThat(e.problem()).contains("at least 64 when data format conversion is enabled");
  }

  @Test
  void smallBuffer_withoutPartitioningOrConversion_isAccepted() throws Exception {
    ObjectNode d = valid();
    dest(d).remove("DynamicPartitioningConfiguration");
    dest(d).remove("ProcessingConfiguration");
    dest(d).remove("DataFormatConversionConfiguration");
    dest(d).put("Prefix", "events/");
    ((ObjectNode) dest(d).get("BufferingHints")).put("SizeInMBs", 1).put("IntervalInSeconds", 0);
    var def = DeliveryStreamDefinitions.parse(FILE, d.toString());
    assertThat(def.extendedS3DestinationConfiguration().sizeInMBs()).isEqualTo(1);
  }

  @Test
  void bufferInterval_above900_isRefused() throws Exception {
    var e = broken(d -> ((ObjectNode) dest(d).get("BufferingHints")).put("IntervalInSeconds", 901));
    assertThat(e.field())
        .isEqualTo("ExtendedS3DestinationConfiguration.BufferingHints.IntervalInSeconds");
    assertThat(e.problem()).isEqualTo("must be 0-900, was 901");
  }

  @Test
  void bufferInterval_zeroWithDynamicPartitioning_isRefused() throws Exception {
    var e = broken(d -> ((ObjectNode) dest(d).get("BufferingHints")).put("IntervalInSeconds", 0));
    assertThat(e.problem()).contains("zero buffering is not available");
  }

  @Test
  void bufferHints_onlyOneOfTwo_isRefused() throws Exception {
    var e = broken(d -> ((ObjectNode) dest(d).get("BufferingHints")).remove("IntervalInSeconds"));
    assertThat(e.field()).isEqualTo("ExtendedS3DestinationConfiguration.BufferingHints");
  }

  @Test
  void compression_unknown_isRefused() throws Exception {
    var e = broken(d -> dest(d).put("CompressionFormat", "BZIP2"));
    assertThat(e.field()).isEqualTo("ExtendedS3DestinationConfiguration.CompressionFormat");
  }

  @Test
  void compression_withFormatConversion_mustBeUncompressed() throws Exception {
    var e = broken(d -> dest(d).put("CompressionFormat", "GZIP"));
    assertThat(e.problem()).contains("must be UNCOMPRESSED with data format conversion");
  }

  @Test
  void prefix_usingAKeyTheQueryDoesNotDefine_isRefused() throws Exception {
    var e =
        broken(
            d ->
                dest(d)
                    .put(
                        "Prefix",
                        "events/dt=!{partitionKeyFromQuery:dt}/hour=!{partitionKeyFromQuery:hour}/"
                            + "c=!{partitionKeyFromQuery:country}/"));
    assertThat(e.field()).isEqualTo("ExtendedS3DestinationConfiguration.Prefix");
    assertThat(e.problem()).contains("'country' that the MetadataExtractionQuery does not define");
  }

  @Test
  void prefix_notUsingADefinedKey_isRefused() throws Exception {
    var e = broken(d -> dest(d).put("Prefix", "events/dt=!{partitionKeyFromQuery:dt}/"));
    assertThat(e.problem()).contains("does not use partition key 'hour'");
  }

  @Test
  void prefix_withUnclosedExpression_isRefused() throws Exception {
    var e = broken(d -> dest(d).put("Prefix", "events/dt=!{partitionKeyFromQuery:dt/"));
    assertThat(e.field()).isEqualTo("ExtendedS3DestinationConfiguration.Prefix");
    assertThat(e.problem()).contains("unclosed expression");
  }

  @Test
  void prefix_withUnknownNamespace_isRefused() throws Exception {
    var e = broken(d -> dest(d).put("Prefix", "events/!{partitionKey:dt}/"));
    assertThat(e.problem()).contains("unknown namespace 'partitionKey'");
  }

  @Test
  void prefix_withBadTimestampPattern_isRefused() throws Exception {
    var e =
        broken(
            d ->
                dest(d)
                    .put(
                        "ErrorOutputPrefix",
                        "e/!{firehose:error-output-type}/!{timestamp:yyyy-bb}/"));
    assertThat(e.field()).isEqualTo("ExtendedS3DestinationConfiguration.ErrorOutputPrefix");
    assertThat(e.problem()).contains("is not a DateTimeFormatter pattern");
  }

  @Test
  void prefix_withErrorOutputType_isRefused() throws Exception {
    var e =
        broken(
            d ->
                dest(d)
                    .put(
                        "Prefix",
                        "!{firehose:error-output-type}/dt=!{partitionKeyFromQuery:dt}/hour=!{partitionKeyFromQuery:hour}/"));
    assertThat(e.problem()).contains("allowed only in ErrorOutputPrefix");
  }

  @Test
  void errorPrefix_missingWithDynamicPartitioning_isRefused() throws Exception {
    var e = broken(d -> dest(d).remove("ErrorOutputPrefix"));
    assertThat(e.field()).isEqualTo("ExtendedS3DestinationConfiguration.ErrorOutputPrefix");
  }

  @Test
  void errorPrefix_withExpressionsButNoErrorOutputType_isRefused() throws Exception {
    var e = broken(d -> dest(d).put("ErrorOutputPrefix", "errors/!{timestamp:yyyy}/"));
    assertThat(e.problem()).contains("must contain !{firehose:error-output-type}");
  }

  @Test
  void errorPrefix_withPartitionKeys_isRefused() throws Exception {
    var e =
        broken(
            d ->
                dest(d)
                    .put(
                        "ErrorOutputPrefix",
                        "errors/!{firehose:error-output-type}/!{partitionKeyFromQuery:dt}/"));
    assertThat(e.problem()).contains("cannot use partition keys");
  }

  @Test
  void partitionKeys_withoutDynamicPartitioning_areRefused() throws Exception {
    var e =
        broken(
            d -> {
              dest(d).remove("DynamicPartitioningConfiguration");
              dest(d).remove("ProcessingConfiguration");
            });
    assertThat(e.problem()).contains("needs dynamic partitioning enabled");
  }

  @Test
  void dynamicPartitioning_withoutMetadataExtraction_isRefused() throws Exception {
    var e = broken(d -> dest(d).remove("ProcessingConfiguration"));
    assertThat(e.problem()).contains("needs a MetadataExtraction processor");
  }

  @Test
  void metadataExtraction_withOtherEngine_isRefused() throws Exception {
    var e =
        broken(
            d ->
                ((ObjectNode) dest(d).at("/ProcessingConfiguration/Processors/0/Parameters").get(1))
                    .put("ParameterValue", "JQ-1.5"));
    assertThat(e.field()).endsWith("[MetadataExtraction].JsonParsingEngine");
  }

  @Test
  void metadataExtraction_queryNotBuildingAnObject_isRefused() throws Exception {
    var e = broken(d -> setQuery(d, ".time"));
    assertThat(e.field()).endsWith("MetadataExtractionQuery");
    assertThat(e.problem()).contains("must build the partition keys as an object");
  }

  @Test
  void unsupportedProcessor_isRefused() throws Exception {
    var e =
        broken(
            d ->
                ((ArrayNode) dest(d).at("/ProcessingConfiguration/Processors"))
                    .addObject()
                    .put("Type", "Lambda"));
    assertThat(e.problem()).contains("'Lambda' is not supported");
  }

  @Test
  void appendDelimiter_withNonBase64Delimiter_isRefused() throws Exception {
    var e =
        broken(
            d -> {
              ObjectNode p =
                  ((ArrayNode) dest(d).at("/ProcessingConfiguration/Processors")).addObject();
              p.put("Type", "AppendDelimiterToRecord");
              p.putArray("Parameters")
                  .addObject()
                  .put("ParameterName", "Delimiter")
                  .put("ParameterValue", "%%%");
            });
    assertThat(e.field()).endsWith("[AppendDelimiterToRecord].Delimiter");
  }

  @Test
  void activePartitionLimit_above500_isRefused() throws Exception {
    var e = broken(d -> ((ObjectNode) d.get("Tags").get(1)).put("Value", "501"));
    assertThat(e.field()).isEqualTo("Tags.shardwise:max-active-partitions");
    assertThat(e.problem()).contains("1-500");
  }

  @Test
  void activePartitionLimit_notANumber_isRefused() throws Exception {
    var e = broken(d -> ((ObjectNode) d.get("Tags").get(1)).put("Value", "many"));
    assertThat(e.field()).isEqualTo("Tags.shardwise:max-active-partitions");
  }

  @Test
  void conversion_withoutTable_isRefused() throws Exception {
    var e =
        broken(
            d ->
                ((ObjectNode) dest(d).at("/DataFormatConversionConfiguration/SchemaConfiguration"))
                    .remove("TableName"));
    assertThat(e.field())
        .isEqualTo(
            "ExtendedS3DestinationConfiguration.DataFormatConversionConfiguration.SchemaConfiguration");
  }

  @Test
  void conversion_withHiveDeserializer_isRefused() throws Exception {
    var e =
        broken(
            d -> {
              ObjectNode des =
                  (ObjectNode)
                      dest(d)
                          .at(
                              "/DataFormatConversionConfiguration/InputFormatConfiguration/Deserializer");
              des.removeAll();
              des.putObject("HiveJsonSerDe");
            });
    assertThat(e.problem()).contains("must be OpenXJsonSerDe");
  }

  @Test
  void loggingEnabled_withoutGroup_isRefused() throws Exception {
    var e =
        broken(d -> ((ObjectNode) dest(d).get("CloudWatchLoggingOptions")).remove("LogGroupName"));
    assertThat(e.field()).isEqualTo("ExtendedS3DestinationConfiguration.CloudWatchLoggingOptions");
  }

  @Test
  void retryDuration_above7200_isRefused() throws Exception {
    var e =
        broken(
            d ->
                ((ObjectNode) dest(d).at("/DynamicPartitioningConfiguration/RetryOptions"))
                    .put("DurationInSeconds", 7201));
    assertThat(e.field()).endsWith("RetryOptions.DurationInSeconds");
  }

  @Test
  void fileExtension_withoutDot_isRefused() throws Exception {
    var e = broken(d -> dest(d).put("FileExtension", "parquet"));
    assertThat(e.field()).isEqualTo("ExtendedS3DestinationConfiguration.FileExtension");
  }

  @Test
  void customTimeZone_unknown_isRefused() throws Exception {
    var e = broken(d -> dest(d).put("CustomTimeZone", "Mars/Olympus"));
    assertThat(e.field()).isEqualTo("ExtendedS3DestinationConfiguration.CustomTimeZone");
  }

  @Test
  void invalidJson_isRefusedNamingTheFile() {
    assertThatThrownBy(() -> DeliveryStreamDefinitions.parse("x.json", "{\"DeliveryStreamName\": "))
        .isInstanceOf(InvalidDefinitionException.class)
        .hasMessageStartingWith("x.json: (document): not valid JSON");
  }
}
