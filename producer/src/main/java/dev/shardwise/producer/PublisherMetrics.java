package dev.shardwise.producer;

import java.util.Map;

/**
 * A snapshot of a publisher's counters since it started. Records are user records (events); entries
 * are Kinesis records (an aggregate is one entry).
 *
 * @param published records handed to {@code publish} (including those failed at once)
 * @param succeeded records Kinesis accepted
 * @param failed records whose future failed, all reasons
 * @param failedByReason the same, per reason
 * @param bytesSent data plus partition key of the records Kinesis accepted
 * @param batches PutRecords calls sent
 * @param retries record re-sends after a failed entry or call
 * @param throttled entries or calls Kinesis throttled
 * @param shardMapChanges times a ListShards answer showed a resharded stream and the publisher
 *     installed the new shard map
 * @param buffered records published and not yet completed
 * @param latencyCount completed records measured
 * @param latencyMeanMillis mean time from publish to success
 * @param latencyP50Millis median
 * @param latencyP99Millis 99th percentile
 * @param latencyMaxMillis largest
 */
public record PublisherMetrics(
    long published,
    long succeeded,
    long failed,
    Map<PublishFailure, Long> failedByReason,
    long bytesSent,
    long batches,
    long retries,
    long throttled,
    long shardMapChanges,
    long buffered,
    long latencyCount,
    double latencyMeanMillis,
    double latencyP50Millis,
    double latencyP99Millis,
    double latencyMaxMillis) {

  public PublisherMetrics {
    failedByReason = Map.copyOf(failedByReason);
  }
}
