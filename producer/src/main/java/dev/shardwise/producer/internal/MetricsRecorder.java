package dev.shardwise.producer.internal;

import dev.shardwise.producer.PublishFailure;
import dev.shardwise.producer.PublisherMetrics;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** The publisher's counters. Thread-safe: callers' threads and the I/O thread write it. */
public final class MetricsRecorder {
  private final LongAdder published = new LongAdder();
  private final LongAdder succeeded = new LongAdder();
  private final Map<PublishFailure, LongAdder> failed = new EnumMap<>(PublishFailure.class);
  private final LongAdder bytesSent = new LongAdder();
  private final LongAdder batches = new LongAdder();
  private final LongAdder retries = new LongAdder();
  private final LongAdder throttled = new LongAdder();
  private final LongAdder shardMapChanges = new LongAdder();
  private final LatencyHistogram latency = new LatencyHistogram();

  public MetricsRecorder() {
    for (PublishFailure f : PublishFailure.values()) {
      failed.put(f, new LongAdder());
    }
  }

  public void published() {
    published.increment();
  }

  /** {@code records} records of {@code bytes} bytes together accepted by Kinesis. */
  public void succeeded(long records, long bytes) {
    succeeded.add(records);
    bytesSent.add(bytes);
  }

  /** The put latency of one accepted record. */
  public void latency(long latencyNanos) {
    latency.record(latencyNanos);
  }

  public void failed(PublishFailure why) {
    failed.get(why).increment();
  }

  public void batchSent() {
    batches.increment();
  }

  public void retried(int records) {
    retries.add(records);
  }

  public void throttled(int entries) {
    throttled.add(entries);
  }

  public void shardMapChanged() {
    shardMapChanges.increment();
  }

  public PublisherMetrics snapshot(long buffered) {
    Map<PublishFailure, Long> byReason = new EnumMap<>(PublishFailure.class);
    long failedTotal = 0;
    for (Map.Entry<PublishFailure, LongAdder> e : failed.entrySet()) {
      long n = e.getValue().sum();
      if (n > 0) {
        byReason.put(e.getKey(), n);
        failedTotal += n;
      }
    }
    return new PublisherMetrics(
        published.sum(),
        succeeded.sum(),
        failedTotal,
        byReason,
        bytesSent.sum(),
        batches.sum(),
        retries.sum(),
        throttled.sum(),
        shardMapChanges.sum(),
        buffered,
        latency.count(),
        latency.meanMillis(),
        latency.percentileMillis(0.50),
        latency.percentileMillis(0.99),
        latency.maxMillis());
  }
}
