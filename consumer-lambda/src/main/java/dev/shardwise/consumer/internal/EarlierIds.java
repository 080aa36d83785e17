package dev.shardwise.consumer.internal;

import dev.shardwise.core.window.FingerprintSet;
import dev.shardwise.core.window.SegmentKey;

/** The event ids a segment must treat as counted already (recent earlier segments). */
@FunctionalInterface
public interface EarlierIds {

  /**
   * @throws dev.shardwise.consumer.state.StoreUnavailableException when they cannot be loaded
   */
  FingerprintSet before(SegmentKey segment);
}
