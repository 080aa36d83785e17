package dev.shardwise.consumer.metrics;

import dev.shardwise.core.event.RejectReason;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one invocation did, counted as it happens and written as one EMF line at the end ({@link
 * EmfWriter}). Names and meaning: docs/metrics.md. Not thread-safe (one per invocation).
 */
public final class InvocationMetrics {
  long recordsIn;
  long userRecords;
  long userRecordsOfOtherShards;
  long eventsValid;
  long eventsCounted;
  long duplicates;
  long lateEvents;
  long rejected;
  final EnumMap<RejectReason, Long> rejectedByReason = new EnumMap<>(RejectReason.class);
  long anomalies;
  final Map<String, Long> anomaliesByKind = new TreeMap<>();
  long eventAgeMaxMs;
  long eventAgeSumMs;
  long eventAgeCount;
  long batchDurationMs;
  long emitRetries;
  long segmentsClosed;
  long segmentsClosedEarly;
  long pageViewRows;
  long stateChars;
  long batchFailures;

  public void recordsIn(long n) {
    recordsIn += n;
  }

  public void userRecord() {
    userRecords++;
  }

  /** A user record of an aggregate misrouted to this shard (skipped: re-sent to its own). */
  public void userRecordOfOtherShard() {
    userRecordsOfOtherShards++;
  }

  /** A valid event: whether it was counted, a duplicate, late; and its age (arrival - time). */
  public void event(boolean counted, boolean late, long ageMs) {
    eventsValid++;
    if (counted) {
      eventsCounted++;
    } else {
      duplicates++;
    }
    if (late) {
      lateEvents++;
    }
    long age = Math.max(0, ageMs);
    eventAgeMaxMs = Math.max(eventAgeMaxMs, age);
    eventAgeSumMs += age;
    eventAgeCount++;
  }

  public void rejected(RejectReason reason) {
    rejected++;
    rejectedByReason.merge(reason, 1L, Long::sum);
  }

  public void anomaly(String kind) {
    anomalies++;
    anomaliesByKind.merge(kind, 1L, Long::sum);
  }

  /**
   * The detectors judged a closed segment: each of {@code kinds} is reported, 0 unless {@link
   * #anomaly} counts it, so alarms on a kind see the minutes it was looked for and not found.
   */
  public void kindsJudged(Iterable<String> kinds) {
    for (String kind : kinds) {
      anomaliesByKind.putIfAbsent(kind, 0L);
    }
  }

  public void segmentClosed(boolean early, long rows) {
    segmentsClosed++;
    if (early) {
      segmentsClosedEarly++;
    }
    pageViewRows += rows;
  }

  public void emitRetries(long n) {
    emitRetries += n;
  }

  public void batchDurationMs(long ms) {
    batchDurationMs = ms;
  }

  public void stateChars(long chars) {
    stateChars = chars;
  }

  public void batchFailed() {
    batchFailures = 1;
  }

  /** Adds the per-record counts of another accumulator (the committed part of a batch). */
  public void addRecordCounts(InvocationMetrics o) {
    userRecords += o.userRecords;
    userRecordsOfOtherShards += o.userRecordsOfOtherShards;
    eventsValid += o.eventsValid;
    eventsCounted += o.eventsCounted;
    duplicates += o.duplicates;
    lateEvents += o.lateEvents;
    rejected += o.rejected;
    o.rejectedByReason.forEach((r, n) -> rejectedByReason.merge(r, n, Long::sum));
    eventAgeMaxMs = Math.max(eventAgeMaxMs, o.eventAgeMaxMs);
    eventAgeSumMs += o.eventAgeSumMs;
    eventAgeCount += o.eventAgeCount;
  }

  public long eventsCounted() {
    return eventsCounted;
  }

  public long duplicates() {
    return duplicates;
  }

  public long rejected() {
    return rejected;
  }

  public long anomalies() {
    return anomalies;
  }

  public long emitRetries() {
    return emitRetries;
  }
}
