package dev.shardwise.local.firehose.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shardwise.firehose.DataFormatConversion.SchemaConfiguration;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The JSON document Firehose writes for each failed record under the error prefix, one per line:
 * {@code attemptsMade}, {@code arrivalTimestamp}, {@code errorCode}, {@code errorMessage}, {@code
 * attemptEndingTimestamp}, {@code rawData} (base64), and for a Kinesis source {@code
 * sequenceNumber}/{@code subSequenceNumber}, for a conversion failure {@code dataCatalogTable}.
 */
public final class ErrorRecords {
  /** {@code !{firehose:error-output-type}} of JQ and active-partition failures. */
  public static final String PROCESSING_FAILED = "processing-failed";

  /** {@code !{firehose:error-output-type}} of records that do not convert to the schema. */
  public static final String FORMAT_CONVERSION_FAILED = "format-conversion-failed";

  public static final String METADATA_EXTRACTION_FAILED =
      "DynamicPartitioning.MetadataExtractionFailed";
  public static final String ACTIVE_PARTITIONS_EXCEEDED =
      "DynamicPartitioning.ActivePartitionsLimitExceeded";
  public static final String MALFORMED_DATA = "DataFormatConversion.MalformedData";

  private static final ObjectMapper JSON = new ObjectMapper();

  private ErrorRecords() {}

  /** One error line, newline-terminated. */
  public static byte[] line(
      Incoming record,
      String errorCode,
      String errorMessage,
      long attemptEndMillis,
      SchemaConfiguration table,
      String catalogArn) {
    ObjectNode n = JSON.createObjectNode();
    n.put("attemptsMade", 1);
    n.put("arrivalTimestamp", record.arrivalMillis());
    n.put("errorCode", errorCode);
    n.put("errorMessage", errorMessage);
    n.put("attemptEndingTimestamp", attemptEndMillis);
    n.put("rawData", Base64.getEncoder().encodeToString(record.data()));
    if (record.sequenceNumber() != null) {
      n.put("sequenceNumber", record.sequenceNumber());
      n.put("subSequenceNumber", record.subSequenceNumber());
    }
    if (table != null) {
      ObjectNode t = n.putObject("dataCatalogTable");
      t.put("catalogId", table.catalogId());
      t.put("databaseName", table.databaseName());
      t.put("tableName", table.tableName());
      t.put("region", table.region());
      t.put("versionId", table.versionId() == null ? "LATEST" : table.versionId());
      t.put("catalogArn", catalogArn);
    }
    return (n.toString() + "\n").getBytes(StandardCharsets.UTF_8);
  }
}
