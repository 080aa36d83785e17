package dev.shardwise.consumer;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
import com.amazonaws.services.lambda.runtime.events.KinesisTimeWindowEvent;
import com.amazonaws.services.lambda.runtime.events.TimeWindowEventResponse;
import dev.shardwise.consumer.metrics.LineLogger;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/** Converts between Lambda's event types and the processor's. */
final class LambdaEvents {
  private LambdaEvents() {}

  static ShardBatch batch(KinesisTimeWindowEvent event, Supplier<String> defaultStream) {
    if (event == null) {
      throw new IllegalArgumentException("no event");
    }
    if (event.getWindow() == null) {
      throw new IllegalArgumentException(
          "the event has no tumbling window: the event source mapping must set"
              + " TumblingWindowInSeconds");
    }
    if (event.getShardId() == null) {
      throw new IllegalArgumentException("the event has no shardId");
    }
    List<KinesisEvent.KinesisEventRecord> in =
        event.getRecords() == null ? List.of() : event.getRecords();
    List<StreamRecord> records = new ArrayList<>(in.size());
    String arn = event.getEventSourceArn();
    for (KinesisEvent.KinesisEventRecord r : in) {
      KinesisEvent.Record k = r.getKinesis();
      if (arn == null) {
        arn = r.getEventSourceARN();
      }
      records.add(
          new StreamRecord(
              k.getSequenceNumber(),
              k.getPartitionKey(),
              k.getApproximateArrivalTimestamp().toInstant(),
              bytes(k.getData())));
    }
    return new ShardBatch(
        streamName(arn, defaultStream),
        event.getShardId(),
        instant("window.start", event.getWindow().getStart()),
        instant("window.end", event.getWindow().getEnd()),
        event.getState(),
        records,
        Boolean.TRUE.equals(event.getIsFinalInvokeForWindow()),
        Boolean.TRUE.equals(event.getIsWindowTerminatedEarly()));
  }

  private static Instant instant(String field, String value) {
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException | NullPointerException e) {
      throw new IllegalArgumentException(field + " is not an ISO-8601 instant: " + value, e);
    }
  }

  private static byte[] bytes(ByteBuffer b) {
    if (b.hasArray()
        && b.arrayOffset() == 0
        && b.position() == 0
        && b.remaining() == b.array().length) {
      return b.array();
    }
    byte[] out = new byte[b.remaining()];
    b.duplicate().get(out);
    return out;
  }

  /** The stream name from {@code arn:aws:kinesis:region:account:stream/NAME}. */
  static String streamName(String arn, Supplier<String> defaultStream) {
    if (arn == null) {
      return defaultStream.get();
    }
    int slash = arn.indexOf(":stream/");
    if (slash < 0) {
      return defaultStream.get();
    }
    String rest = arn.substring(slash + ":stream/".length());
    int end = rest.indexOf('/');
    return end < 0 ? rest : rest.substring(0, end);
  }

  static TimeWindowEventResponse response(BatchResult result) {
    List<TimeWindowEventResponse.BatchItemFailure> failures =
        result
            .failedSequenceNumber()
            .map(seq -> List.of(new TimeWindowEventResponse.BatchItemFailure(seq)))
            .orElse(List.of());
    return new TimeWindowEventResponse(new java.util.HashMap<>(result.state()), failures);
  }

  static LineLogger logger(Context context) {
    LambdaLogger logger = context == null ? null : context.getLogger();
    if (logger == null) {
      return line -> System.out.println(line);
    }
    return logger::log;
  }
}
