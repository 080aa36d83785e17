package dev.shardwise.local.firehose;

import static dev.shardwise.local.firehose.FirehoseFixture.JSON;
import static dev.shardwise.local.firehose.FirehoseFixture.batch;
import static dev.shardwise.local.firehose.FirehoseFixture.named;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shardwise.local.server.AwsServiceException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xerial.snappy.SnappyFramedInputStream;

class FirehoseServiceTest {
  static final String REJECTS = "shardwise-rejects";
  static final String KEY_SUFFIX = "-1-\\d{4}-\\d{2}-\\d{2}-\\d{2}-\\d{2}-\\d{2}-[0-9a-f-]{36}";

  @TempDir Path dir;
  FirehoseFixture f;

  @BeforeEach
  void setUp() throws Exception {
    f = new FirehoseFixture(dir);
  }

  static String reject(String day, int n) {
    return "{\"row_id\":\"r"
        + n
        + "\",\"arrival_time\":\""
        + day
        + "T10:00:00.000Z\",\"reason\":\"bad_value\"}\n";
  }

  static String gunzip(byte[] b) throws Exception {
    return new String(
        new GZIPInputStream(new ByteArrayInputStream(b)).readAllBytes(), StandardCharsets.UTF_8);
  }

  @Test
  void rejects_bufferUntilTheInterval_thenOneGzipObjectPerDay() throws Exception {
    f.createShipped(REJECTS);
    ObjectNode resp =
        f.put(
            REJECTS,
            List.of(reject("2026-11-21", 1), reject("2026-11-20", 2), reject("2026-11-21", 3)));

    assertThat(resp.get("FailedPutCount").asInt()).isZero();
    assertThat(resp.get("RequestResponses"))
        .hasSize(3)
        .allSatisfy(r -> assertThat(r.get("RecordId").asText()).hasSize(48));
    f.clock.advance(Duration.ofSeconds(59));
    f.service.tick();
    assertThat(f.keys()).isEmpty();

    f.clock.advance(Duration.ofSeconds(1));
    f.service.tick();

    List<String> keys = f.keys();
    assertThat(keys).hasSize(2);
    assertThat(keys.get(0))
        .matches(
            "rejects/dt=2026-11-20/shardwise-rejects-1-2026-11-21-10-15-30-[0-9a-f-]{36}\\.gz");
    assertThat(keys.get(1))
        .matches("rejects/dt=2026-11-21/shardwise-rejects" + KEY_SUFFIX + "\\.gz");
    assertThat(gunzip(f.object(keys.get(1))))
        .isEqualTo(reject("2026-11-21", 1) + reject("2026-11-21", 3));
    assertThat(gunzip(f.object(keys.get(0)))).isEqualTo(reject("2026-11-20", 2));
  }

  @Test
  void missingPartitionField_goesToTheErrorPrefixAsFirehoseWritesIt() throws Exception {
    f.createShipped(REJECTS);
    f.put(REJECTS, List.of("{\"row_id\":\"x\"}\n", "not json", reject("2026-11-21", 1)));

    assertThat(f.service.flushAll()).isTrue();

    List<String> keys = f.keys();
    assertThat(keys).hasSize(2);
    String errorKey = keys.get(0);
    assertThat(errorKey)
        .matches(
            "errors/rejects/processing-failed/dt=2026-11-21/shardwise-rejects"
                + KEY_SUFFIX
                + "\\.gz");
    List<String> lines = gunzip(f.object(errorKey)).lines().toList();
    assertThat(lines).hasSize(2);
    JsonNode first = JSON.readTree(lines.get(0));
    assertThat(first.get("errorCode").asText())
        .isEqualTo("DynamicPartitioning.MetadataExtractionFailed");
    assertThat(first.get("errorMessage").asText()).contains("dt");
    assertThat(
            new String(
                Base64.getDecoder().decode(first.get("rawData").asText()), StandardCharsets.UTF_8))
        .isEqualTo("{\"row_id\":\"x\"}\n");
    assertThat(first.get("attemptsMade").asInt()).isEqualTo(1);
    assertThat(first.get("arrivalTimestamp").asLong()).isEqualTo(f.clock.millis());
    assertThat(JSON.readTree(lines.get(1)).get("errorMessage").asText())
        .isEqualTo("Non JSON record provided");
    assertThat(keys.get(1)).startsWith("rejects/dt=2026-11-21/");
  }

  @Test
  void sizeHint_deliversAsSoonAsTheBufferIsFull() throws Exception {
    f.createEdited(
        REJECTS,
        d ->
            ((ObjectNode) d.at("/ExtendedS3DestinationConfiguration/BufferingHints"))
                .put("SizeInMBs", 64));
    String big =
        "{\"arrival_time\":\"2026-11-21T10:00:00.000Z\",\"pad\":\"" + "x".repeat(900_000) + "\"}\n";
    List<String> records = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      records.add(big);
    }
    for (int i = 0; i < 18; i++) {
      f.put(REJECTS, records);
    }
    assertThat(f.keys()).isEmpty(); // 72 records: 64.8 MB < 64 MiB

    f.put(REJECTS, records);

    assertThat(f.keys()).hasSize(1);
    assertThat(gunzip(f.object(f.keys().get(0))).lines()).hasSize(75);
  }

  @Test
  void appendDelimiter_snappyAndNoPartitioning_writeDelimitedRecordsUnderTheDefaultTimePrefix()
      throws Exception {
    f.createEdited(
        REJECTS,
        d -> {
          ObjectNode s3 = (ObjectNode) d.get("ExtendedS3DestinationConfiguration");
          s3.remove("DynamicPartitioningConfiguration");
          s3.put("Prefix", "plain/");
          s3.remove("ErrorOutputPrefix");
          s3.put("CompressionFormat", "Snappy");
          ArrayNode processors = (ArrayNode) s3.at("/ProcessingConfiguration/Processors");
          processors.removeAll();
          processors.addObject().put("Type", "AppendDelimiterToRecord");
        });
    f.put(REJECTS, List.of("a", "b"));

    f.service.flushAll();

    String key = f.keys().get(0);
    assertThat(key).matches("plain/2026/11/21/10/shardwise-rejects" + KEY_SUFFIX + "\\.snappy");
    byte[] plain =
        new SnappyFramedInputStream(new ByteArrayInputStream(f.object(key))).readAllBytes();
    assertThat(new String(plain, StandardCharsets.UTF_8)).isEqualTo("a\nb\n");
  }

  @Test
  void activePartitionLimit_sendsRecordsOfFurtherPartitionsToTheErrorPrefix() throws Exception {
    f.createEdited(REJECTS, d -> ((ObjectNode) d.get("Tags").get(1)).put("Value", "2"));
    f.put(
        REJECTS,
        List.of(
            reject("2026-11-01", 1),
            reject("2026-11-02", 2),
            reject("2026-11-03", 3),
            reject("2026-11-01", 4)));

    f.service.flushAll();

    List<String> keys = f.keys();
    assertThat(keys).hasSize(3);
    assertThat(keys.get(0)).startsWith("errors/rejects/processing-failed/");
    assertThat(JSON.readTree(gunzip(f.object(keys.get(0)))).get("errorCode").asText())
        .isEqualTo("DynamicPartitioning.ActivePartitionsLimitExceeded");
    assertThat(keys.get(1)).startsWith("rejects/dt=2026-11-01/");
    assertThat(gunzip(f.object(keys.get(1))).lines()).hasSize(2);
    assertThat(keys.get(2)).startsWith("rejects/dt=2026-11-02/");
  }

  @Test
  void putRecord_returnsARecordIdAndIsDelivered() throws Exception {
    f.createShipped(REJECTS);
    ObjectNode body = named(REJECTS);
    body.putObject("Record")
        .put(
            "Data",
            Base64.getEncoder()
                .encodeToString(reject("2026-11-21", 1).getBytes(StandardCharsets.UTF_8)));

    ObjectNode resp = f.call("PutRecord", body);
    f.service.flushAll();

    assertThat(resp.get("RecordId").asText()).isNotEmpty();
    assertThat(resp.get("Encrypted").asBoolean()).isFalse();
    assertThat(f.keys()).hasSize(1);
  }

  @Test
  void badRequests_areAnsweredWithFirehoseErrorCodes() throws Exception {
    f.createShipped(REJECTS);
    List<String> many = new ArrayList<>();
    for (int i = 0; i < 501; i++) {
      many.add("x");
    }
    assertError(() -> f.put(REJECTS, many), "ValidationException", "less than or equal to 500");
    assertError(
        () -> f.put(REJECTS, List.of()), "ValidationException", "greater than or equal to 1");
    assertError(
        () -> f.put(REJECTS, List.of("x".repeat(1_024_001))), "ValidationException", "1024000");
    List<String> fiveMiB =
        List.of(
            "x".repeat(1_000_000),
            "x".repeat(1_000_000),
            "x".repeat(1_000_000),
            "x".repeat(1_000_000),
            "x".repeat(500_000));
    assertError(() -> f.put(REJECTS, fiveMiB), "InvalidArgumentException", "4 MB");
    assertError(
        () -> f.put("nope", List.of("x")),
        "ResourceNotFoundException",
        "Firehose stream nope under account 000000000000 not found.");
    assertError(
        () -> f.call("PutRecordBatch", named(REJECTS)),
        "ValidationException",
        "Value null at 'records'");
    assertError(() -> f.put("bad name", List.of("x")), "ValidationException", "deliveryStreamName");
    assertError(
        () -> f.call("UpdateDestination", named(REJECTS)),
        "UnknownOperationException",
        "UpdateDestination");
    assertError(() -> f.createShipped(REJECTS), "ResourceInUseException", "already exists");
    assertError(
        () ->
            f.createEdited(
                "shardwise-page-views",
                d ->
                    ((ObjectNode) d.at("/ExtendedS3DestinationConfiguration/BufferingHints"))
                        .put("SizeInMBs", 200)),
        "InvalidArgumentException",
        "ExtendedS3DestinationConfiguration.BufferingHints.SizeInMBs: must be 1-128, was 200");
    assertError(
        () ->
            f.createEdited(
                "shardwise-page-views",
                d ->
                    d.put("DeliveryStreamName", "other")
                        .with("ExtendedS3DestinationConfiguration")
                        .put("CompressionFormat", "UNCOMPRESSED")
                        .with("DataFormatConversionConfiguration")
                        .with("SchemaConfiguration")
                        .put("TableName", "missing")),
        "InvalidArgumentException",
        "shardwise.missing does not exist");
    assertError(
        () ->
            f.createEdited(
                REJECTS,
                d ->
                    d.put("DeliveryStreamName", "zip")
                        .with("ExtendedS3DestinationConfiguration")
                        .put("CompressionFormat", "ZIP")),
        "InvalidArgumentException",
        "not supported by the local Firehose");
  }

  @Test
  void kinesisSourcedStreams_refusePuts() throws Exception {
    f.service =
        FirehoseService.builder()
            .dataDir(dir)
            .store(f.store)
            .clock(f.clock)
            .random(new java.util.SplittableRandom(1))
            .build();
    assertError(
        () -> f.createShipped("shardwise-events"),
        "InvalidArgumentException",
        "without a Kinesis endpoint");
  }

  @Test
  void listDescribeAndDelete() throws Exception {
    f.createShipped(REJECTS);
    f.createShipped("shardwise-page-views");

    ObjectNode list = f.call("ListDeliveryStreams", JSON.createObjectNode().put("Limit", 1));
    assertThat(list.get("DeliveryStreamNames").toString()).isEqualTo("[\"shardwise-page-views\"]");
    assertThat(list.get("HasMoreDeliveryStreams").asBoolean()).isTrue();
    ObjectNode rest =
        f.call(
            "ListDeliveryStreams",
            JSON.createObjectNode()
                .put("ExclusiveStartDeliveryStreamName", "shardwise-page-views"));
    assertThat(rest.get("DeliveryStreamNames").toString()).isEqualTo("[\"shardwise-rejects\"]");

    JsonNode d =
        f.call("DescribeDeliveryStream", named("shardwise-page-views"))
            .get("DeliveryStreamDescription");
    assertThat(d.get("DeliveryStreamARN").asText())
        .isEqualTo("arn:aws:firehose:us-east-1:000000000000:deliverystream/shardwise-page-views");
    assertThat(d.get("DeliveryStreamStatus").asText()).isEqualTo("ACTIVE");
    assertThat(d.get("DeliveryStreamType").asText()).isEqualTo("DirectPut");
    JsonNode ext = d.at("/Destinations/0/ExtendedS3DestinationDescription");
    assertThat(ext.get("Prefix").asText()).isEqualTo("page_views/dt=!{partitionKeyFromQuery:dt}/");
    assertThat(ext.at("/BufferingHints/SizeInMBs").asInt()).isEqualTo(64);
    assertThat(ext.at("/DataFormatConversionConfiguration/SchemaConfiguration/TableName").asText())
        .isEqualTo("page_views");

    f.put(REJECTS, List.of(reject("2026-11-21", 1)));
    f.call("DeleteDeliveryStream", named(REJECTS));
    assertError(
        () -> f.call("DescribeDeliveryStream", named(REJECTS)),
        "ResourceNotFoundException",
        "not found");
    assertThat(Files.exists(dir.resolve(".firehose").resolve(REJECTS))).isFalse();
    f.service.flushAll();
    assertThat(f.keys()).isEmpty();
  }

  @Test
  void faults_throttleWholeCallsAndFailRecordsWithFirehoseErrorCodes() throws Exception {
    f.createShipped(REJECTS);
    f.service.faults().throttleNextCalls(1);
    assertError(
        () -> f.put(REJECTS, List.of(reject("2026-11-21", 1))),
        "ServiceUnavailableException",
        "Slow down.");
    f.service.faults().failNextCalls(1);
    assertError(
        () -> f.put(REJECTS, List.of(reject("2026-11-21", 1))), "InternalFailure", "Injected");

    f.service.faults().failRecords(1.0, "ServiceUnavailableException");
    ObjectNode resp = f.put(REJECTS, List.of(reject("2026-11-21", 1), reject("2026-11-21", 2)));
    assertThat(resp.get("FailedPutCount").asInt()).isEqualTo(2);
    assertThat(resp.at("/RequestResponses/0/ErrorCode").asText())
        .isEqualTo("ServiceUnavailableException");
    assertThat(resp.at("/RequestResponses/0/ErrorMessage").asText()).isEqualTo("Slow down.");

    f.service.faults().failRecords(0.5, "InternalFailure");
    List<String> hundred = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      hundred.add(reject("2026-11-21", i));
    }
    ObjectNode half = f.put(REJECTS, hundred);
    int failed = half.get("FailedPutCount").asInt();
    assertThat(failed).isBetween(25, 75);
    f.service.faults().clear();
    f.service.flushAll();
    assertThat(gunzip(f.object(f.keys().get(0))).lines()).hasSize(100 - failed);
    assertThat(f.metrics).contains(REJECTS + " ThrottledRecords 2.0");
  }

  @Test
  void metrics_areEmittedPerStream() throws Exception {
    f.createShipped(REJECTS);
    f.put(REJECTS, List.of(reject("2026-11-21", 1), reject("2026-11-21", 2)));
    f.clock.advance(Duration.ofSeconds(90));
    f.service.tick();

    assertThat(f.metrics)
        .contains(
            REJECTS + " IncomingRecords 2.0",
            REJECTS + " IncomingBytes " + (double) (2 * reject("2026-11-21", 1).length()),
            REJECTS + " DeliveryToS3.Records 2.0",
            REJECTS + " DeliveryToS3.Success 1.0",
            REJECTS + " DeliveryToS3.DataFreshness 90.0");
  }

  static void assertError(ThrowingCall call, String code, String message) {
    assertThatThrownBy(call::run)
        .isInstanceOfSatisfying(
            AwsServiceException.class, e -> assertThat(e.errorCode()).isEqualTo(code))
        .hasMessageContaining(message);
  }

  @FunctionalInterface
  interface ThrowingCall {
    void run() throws Exception;
  }

  static ObjectNode unused(ObjectNode n) {
    return batch("x", List.of());
  }
}
