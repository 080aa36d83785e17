package dev.shardwise.producer.internal;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Bounds the records (and their bytes) published and not yet completed. A record takes its place in
 * {@code publish} and gives it back when its future completes. A record is always admitted into an
 * empty gate, so one record larger than the byte bound still goes through. Thread-safe.
 */
public final class BufferGate {
  private final long maxRecords;
  private final long maxBytes;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition released = lock.newCondition();
  private long records;
  private long bytes;

  public BufferGate(long maxRecords, long maxBytes) {
    this.maxRecords = maxRecords;
    this.maxBytes = maxBytes;
  }

  /** Takes a place if there is room now. */
  public boolean tryAcquire(int recordBytes) {
    lock.lock();
    try {
      return admit(recordBytes);
    } finally {
      lock.unlock();
    }
  }

  /** Takes a place, waiting up to {@code timeoutNanos} for room. */
  public boolean acquire(int recordBytes, long timeoutNanos) throws InterruptedException {
    lock.lockInterruptibly();
    try {
      long left = timeoutNanos;
      while (!admit(recordBytes)) {
        if (left <= 0) {
          return false;
        }
        left = released.awaitNanos(left);
      }
      return true;
    } finally {
      lock.unlock();
    }
  }

  private boolean admit(int recordBytes) {
    if (records > 0 && (records + 1 > maxRecords || bytes + recordBytes > maxBytes)) {
      return false;
    }
    records++;
    bytes += recordBytes;
    return true;
  }

  /** Gives a place back. */
  public void release(int recordBytes) {
    lock.lock();
    try {
      records--;
      bytes -= recordBytes;
      released.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Waits until no record holds a place; false when the timeout passed first. */
  public boolean awaitEmpty(long timeoutNanos) throws InterruptedException {
    lock.lockInterruptibly();
    try {
      long deadline = System.nanoTime() + timeoutNanos;
      while (records > 0) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        released.awaitNanos(Math.min(left, TimeUnit.MILLISECONDS.toNanos(50)));
      }
      return true;
    } finally {
      lock.unlock();
    }
  }

  public long records() {
    lock.lock();
    try {
      return records;
    } finally {
      lock.unlock();
    }
  }

  public long bytes() {
    lock.lock();
    try {
      return bytes;
    } finally {
      lock.unlock();
    }
  }
}
