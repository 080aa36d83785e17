package dev.shardwise.local.firehose.internal;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The bytes buffered across all delivery streams, bounded so a stalled delivery throttles input.
 */
public final class BufferBudget {
  private final long limit;
  private final AtomicLong used = new AtomicLong();

  public BufferBudget(long limit) {
    this.limit = limit;
  }

  /** Reserves {@code bytes} unless that would pass the limit (one call may always start from 0). */
  public boolean tryReserve(long bytes) {
    while (true) {
      long u = used.get();
      if (u > 0 && u + bytes > limit) {
        return false;
      }
      if (used.compareAndSet(u, u + bytes)) {
        return true;
      }
    }
  }

  /** Reserves {@code bytes} whatever the limit (records already read from a source). */
  public void reserve(long bytes) {
    used.addAndGet(bytes);
  }

  public void release(long bytes) {
    used.addAndGet(-bytes);
  }

  public long used() {
    return used.get();
  }
}
