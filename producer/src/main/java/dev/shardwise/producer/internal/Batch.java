package dev.shardwise.producer.internal;

import java.util.List;

/** The entries of one PutRecords call, in request order. */
public record Batch(long id, List<Entry> entries, long bytes, long sentNanos) {

  public int recordCount() {
    int n = 0;
    for (Entry e : entries) {
      n += e.records.size();
    }
    return n;
  }
}
