package dev.shardwise.local.esm.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;

/**
 * The JSON document Lambda sends to an on-failure destination for a discarded Kinesis batch: {@code
 * requestContext} (requestId, functionArn, condition, approximateInvokeCount), {@code
 * responseContext} (statusCode, executedVersion, functionError), {@code version}, {@code timestamp}
 * and {@code KinesisBatchInfo} (shardId, start and end sequence numbers, arrival of the first and
 * last record, batchSize, streamArn). No record data.
 */
public final class OnFailureRecord {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Why the batch was discarded. */
  public enum Condition {
    RetryAttemptsExhausted,
    RecordAgeExceeded
  }

  private OnFailureRecord() {}

  public static String build(
      String requestId,
      String functionArn,
      Condition condition,
      int invokeCount,
      String functionError,
      Instant now,
      String shardId,
      String streamArn,
      List<PolledRecord> records) {
    ObjectNode root = JSON.createObjectNode();
    ObjectNode req = root.putObject("requestContext");
    req.put("requestId", requestId);
    req.put("functionArn", functionArn);
    req.put("condition", condition.name());
    req.put("approximateInvokeCount", invokeCount);
    ObjectNode resp = root.putObject("responseContext");
    resp.put("statusCode", 200);
    resp.put("executedVersion", "$LATEST");
    if (functionError != null) {
      resp.put("functionError", functionError);
    }
    root.put("version", "1.0");
    root.put("timestamp", now.toString());
    ObjectNode info = root.putObject("KinesisBatchInfo");
    info.put("shardId", shardId);
    info.put("startSequenceNumber", records.get(0).sequenceNumber());
    info.put("endSequenceNumber", records.get(records.size() - 1).sequenceNumber());
    info.put("approximateArrivalOfFirstRecord", records.get(0).arrival().toString());
    info.put(
        "approximateArrivalOfLastRecord", records.get(records.size() - 1).arrival().toString());
    info.put("batchSize", records.size());
    info.put("streamArn", streamArn);
    return root.toString();
  }
}
