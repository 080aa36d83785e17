package dev.shardwise.consumer.internal;

import dev.shardwise.core.rows.RejectRow;
import dev.shardwise.core.window.FingerprintSet;
import dev.shardwise.core.window.WindowSummary;

/** An effect the plan of a batch asks for, tied to the record it happens at. */
public sealed interface Step {

  /** Index (in the batch) of the record at which the effect happens. */
  int recordIndex();

  /** Emit a reject row. */
  record Reject(int recordIndex, RejectRow row) implements Step {}

  /**
   * Close a segment: detectors, page view and anomaly rows, shard state. {@code recordIndex} is the
   * batch size for a close at the end of the batch.
   */
  record Close(int recordIndex, WindowSummary summary, FingerprintSet fingerprints)
      implements Step {}
}
