package dev.shardwise.consumer.definitions;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Loads and validates the shared definitions (one source of truth for {@code infra} and {@code
 * local}): {@link #stream()} and {@link #eventSourceMapping()} read the files shipped in this
 * module's jar; {@link #parseStream} and {@link #parseEventSourceMapping} read others. Every rule
 * broken is reported with the file and field.
 */
public final class Definitions {
  public static final String STREAM_RESOURCE = "/dev/shardwise/consumer/definitions/stream.json";
  public static final String ESM_RESOURCE =
      "/dev/shardwise/consumer/definitions/event-source-mapping.json";

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
  private static final Pattern STREAM_NAME = Pattern.compile("[a-zA-Z0-9_.-]{1,128}");
  private static final Pattern FUNCTION_NAME = Pattern.compile("[a-zA-Z0-9_-]{1,64}");
  private static final Pattern QUEUE_NAME = Pattern.compile("[a-zA-Z0-9_-]{1,80}");

  private Definitions() {}

  /** The stream definition shipped with the consumer. */
  public static StreamDefinition stream() {
    return parseStream(open(STREAM_RESOURCE), STREAM_RESOURCE);
  }

  /** The event source mapping shipped with the consumer, checked against the stream. */
  public static EventSourceMappingDefinition eventSourceMapping() {
    EventSourceMappingDefinition esm = parseEventSourceMapping(open(ESM_RESOURCE), ESM_RESOURCE);
    StreamDefinition stream = stream();
    if (esm.maximumRecordAge().compareTo(stream.retention()) > 0) {
      throw new DefinitionException(
          ESM_RESOURCE
              + ": MaximumRecordAgeInSeconds exceeds the stream's retention ("
              + stream.retentionPeriodHours()
              + " h): records would expire before Lambda gives up",
          null);
    }
    return esm;
  }

  private static InputStream open(String resource) {
    InputStream in = Definitions.class.getResourceAsStream(resource);
    if (in == null) {
      throw new DefinitionException(resource + " is missing from the classpath", null);
    }
    return in;
  }

  private static <T> T read(InputStream in, String source, Class<T> type) {
    try (in) {
      return JSON.readValue(in, type);
    } catch (JsonProcessingException e) {
      throw new DefinitionException(source + ": " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new DefinitionException(source + ": cannot read: " + e.getMessage(), e);
    }
  }

  public static StreamDefinition parseStream(InputStream in, String source) {
    StreamDefinition s = read(in, source, StreamDefinition.class);
    List<String> errors = new ArrayList<>();
    check(
        errors,
        STREAM_NAME.matcher(s.streamName()).matches(),
        "StreamName",
        "1-128 of a-z A-Z 0-9 _ . -");
    check(errors, s.shardCount() >= 1 && s.shardCount() <= 500, "ShardCount", "1..500");
    check(
        errors,
        s.streamMode().equals("PROVISIONED"),
        "StreamModeDetails.StreamMode",
        "PROVISIONED (the consumer keeps state per shard)");
    check(
        errors,
        s.retentionPeriodHours() >= 24 && s.retentionPeriodHours() <= 8760,
        "RetentionPeriodHours",
        "24..8760");
    return ok(errors, source, s);
  }

  public static EventSourceMappingDefinition parseEventSourceMapping(
      InputStream in, String source) {
    EventSourceMappingDefinition e = read(in, source, EventSourceMappingDefinition.class);
    List<String> errors = new ArrayList<>();
    check(
        errors,
        FUNCTION_NAME.matcher(e.functionName()).matches(),
        "FunctionName",
        "1-64 of a-z A-Z 0-9 _ -");
    check(errors, e.batchSize() >= 1 && e.batchSize() <= 10_000, "BatchSize", "1..10000");
    check(
        errors,
        e.maximumBatchingWindowInSeconds() >= 0 && e.maximumBatchingWindowInSeconds() <= 300,
        "MaximumBatchingWindowInSeconds",
        "0..300");
    check(
        errors,
        e.parallelizationFactor() == 1,
        "ParallelizationFactor",
        "1 (window and detector state are per shard, in order)");
    check(
        errors,
        e.startingPosition().equals("TRIM_HORIZON") || e.startingPosition().equals("LATEST"),
        "StartingPosition",
        "TRIM_HORIZON or LATEST");
    check(
        errors,
        e.tumblingWindowInSeconds() >= 1 && e.tumblingWindowInSeconds() <= 900,
        "TumblingWindowInSeconds",
        "1..900 (the consumer needs a tumbling window)");
    check(
        errors,
        e.reportsBatchItemFailures(),
        "FunctionResponseTypes",
        "a list holding ReportBatchItemFailures (else Lambda ignores the failures the consumer reports)");
    check(
        errors,
        e.maximumRetryAttempts() >= 0 && e.maximumRetryAttempts() <= 10_000,
        "MaximumRetryAttempts",
        "0..10000 (bounded)");
    check(
        errors,
        e.maximumRecordAgeInSeconds() >= 60 && e.maximumRecordAgeInSeconds() <= 604_800,
        "MaximumRecordAgeInSeconds",
        "60..604800 (bounded)");
    check(
        errors,
        QUEUE_NAME.matcher(e.onFailureQueue()).matches(),
        "DestinationConfig.OnFailure.Destination",
        "an SQS queue name");
    return ok(errors, source, e);
  }

  private static void check(List<String> errors, boolean ok, String field, String rule) {
    if (!ok) {
      errors.add(field + " must be " + rule);
    }
  }

  private static <T> T ok(List<String> errors, String source, T value) {
    if (!errors.isEmpty()) {
      throw new DefinitionException(source + ": " + String.join("; ", errors), null);
    }
    return value;
  }
}
