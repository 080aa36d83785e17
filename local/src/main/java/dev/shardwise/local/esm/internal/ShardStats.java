package dev.shardwise.local.esm.internal;

import java.util.concurrent.atomic.AtomicLong;

/** Counters of one shard's poller, read by progress reports from any thread. */
public final class ShardStats {
  public final AtomicLong recordsRead = new AtomicLong();
  public final AtomicLong recordsDelivered = new AtomicLong();
  public final AtomicLong recordsFiltered = new AtomicLong();
  public final AtomicLong recordsDiscarded = new AtomicLong();
  public final AtomicLong invocations = new AtomicLong();
  public final AtomicLong errors = new AtomicLong();
  public final AtomicLong windowsClosed = new AtomicLong();
  public final AtomicLong onFailureMessages = new AtomicLong();
  public final AtomicLong iteratorAgeMs = new AtomicLong();
}
