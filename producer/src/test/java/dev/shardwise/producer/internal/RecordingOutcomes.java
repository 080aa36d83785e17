package dev.shardwise.producer.internal;

import dev.shardwise.producer.PublishException;
import dev.shardwise.producer.PublishResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Completes futures like the I/O loop does, and remembers what happened. */
final class RecordingOutcomes implements Engine.Outcomes {
  final Map<PendingRecord, PublishResult> succeeded = new LinkedHashMap<>();
  final Map<PendingRecord, PublishException> failed = new LinkedHashMap<>();
  final List<PendingRecord> completionOrder = new ArrayList<>();
  int retried;
  int throttled;

  @Override
  public void succeeded(PendingRecord record, PublishResult result) {
    if (succeeded.put(record, result) != null || failed.containsKey(record)) {
      throw new AssertionError("completed twice: " + record.partitionKey());
    }
    completionOrder.add(record);
    record.succeed(result);
  }

  @Override
  public void failed(PendingRecord record, PublishException failure) {
    if (failed.put(record, failure) != null || succeeded.containsKey(record)) {
      throw new AssertionError("completed twice: " + record.partitionKey());
    }
    completionOrder.add(record);
    record.fail(failure);
  }

  @Override
  public void retried(int records) {
    retried += records;
  }

  @Override
  public void throttled(int entries) {
    throttled += entries;
  }
}
