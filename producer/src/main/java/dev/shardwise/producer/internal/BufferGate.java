package dev.shardwise.producer.internal;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Bounds the records (and their bytes) published and not yet completed. A record takes its place in
 * {@code publish} and gives it back when its future completes. A record is always admitted into an
 * empty gate, so one record larger than the byte bound still goes through. Thread-safe.
 *
 * <p>Lock-free on the way through: a place is taken with a compare-and-set on the record count,
 * then on the byte count (given back if the bytes do not fit), and given back with two atomic adds.
 * Neither count ever exceeds its bound except by the one record admitted into an empty gate.
 * Threads that wait (a blocking {@link #acquire}, {@link #awaitEmpty}) register as waiters under a
 * lock; {@link #release} takes that lock only when a waiter is registered. No wake-up is lost: a
 * waiter registers before it checks the counts again, and a release reads the waiter count after it
 * changed the counts, so either the release sees the waiter or the waiter sees the release.
 */
public final class BufferGate {
  private static final long MAX_WAIT_SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

  private final long maxRecords;
  private final long maxBytes;
  private final AtomicLong records = new AtomicLong();
  private final AtomicLong bytes = new AtomicLong();
  private final AtomicInteger waiters = new AtomicInteger();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition released = lock.newCondition();

  public BufferGate(long maxRecords, long maxBytes) {
    this.maxRecords = maxRecords;
    this.maxBytes = maxBytes;
  }

  /** Takes a place if there is room now. */
  public boolean tryAcquire(int recordBytes) {
    long r;
    do {
      r = records.get();
      if (r > 0 && r + 1 > maxRecords) {
        return false;
      }
    } while (!records.compareAndSet(r, r + 1));
    if (r == 0) {
      bytes.addAndGet(recordBytes); // into an empty gate: always admitted
      return true;
    }
    long b;
    do {
      b = bytes.get();
      if (b + recordBytes > maxBytes) {
        release(0, 1); // the record place taken above, without bytes
        return false;
      }
    } while (!bytes.compareAndSet(b, b + recordBytes));
    return true;
  }

  /** Takes a place, waiting up to {@code timeoutNanos} for room. */
  public boolean acquire(int recordBytes, long timeoutNanos) throws InterruptedException {
    if (tryAcquire(recordBytes)) {
      return true;
    }
    if (timeoutNanos <= 0) {
      return false;
    }
    long deadline = System.nanoTime() + timeoutNanos;
    lock.lockInterruptibly();
    waiters.incrementAndGet();
    try {
      while (!tryAcquire(recordBytes)) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        released.awaitNanos(Math.min(left, MAX_WAIT_SLICE_NANOS));
      }
      return true;
    } finally {
      waiters.decrementAndGet();
      lock.unlock();
    }
  }

  /** Gives a place back. */
  public void release(int recordBytes) {
    release(recordBytes, 1);
  }

  /** Gives {@code n} places back, their bytes together. */
  public void release(long recordBytes, long n) {
    bytes.addAndGet(-recordBytes);
    records.addAndGet(-n);
    if (waiters.get() > 0) {
      lock.lock();
      try {
        released.signalAll();
      } finally {
        lock.unlock();
      }
    }
  }

  /** Waits until no record holds a place; false when the timeout passed first. */
  public boolean awaitEmpty(long timeoutNanos) throws InterruptedException {
    if (records.get() == 0) {
      return true;
    }
    long deadline = System.nanoTime() + timeoutNanos;
    lock.lockInterruptibly();
    waiters.incrementAndGet();
    try {
      while (records.get() > 0) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        released.awaitNanos(Math.min(left, MAX_WAIT_SLICE_NANOS));
      }
      return true;
    } finally {
      waiters.decrementAndGet();
      lock.unlock();
    }
  }

  public long records() {
    return records.get();
  }

  public long bytes() {
    return bytes.get();
  }
}
