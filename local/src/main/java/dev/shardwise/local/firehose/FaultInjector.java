package dev.shardwise.local.firehose;

import dev.shardwise.local.server.AwsServiceException;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.random.RandomGenerator;

/**
 * Faults for tests, applied to the real request path of {@code PutRecord} and {@code
 * PutRecordBatch}: throttle whole calls ({@code ServiceUnavailableException}, 503), fail whole
 * calls ({@code InternalFailure}, 500), or fail a fraction of the records of a batch with the
 * per-record {@code ErrorCode}s Firehose uses ({@code ServiceUnavailableException} "Slow down.",
 * {@code InternalFailure}). A failed record is not ingested. Thread-safe; decisions use the
 * injected random generator so a seeded test is repeatable.
 */
public final class FaultInjector {
  private final RandomGenerator random;
  private volatile int throttleNextCalls;
  private volatile int failNextCalls;
  private volatile double recordFailureRate;
  private volatile String recordErrorCode = "ServiceUnavailableException";
  private final AtomicLong throttledCalls = new AtomicLong();
  private final AtomicLong failedCalls = new AtomicLong();
  private final AtomicLong failedRecords = new AtomicLong();

  public FaultInjector(RandomGenerator random) {
    this.random = Objects.requireNonNull(random, "random");
  }

  /** The next {@code n} put calls fail whole with {@code ServiceUnavailableException}. */
  public FaultInjector throttleNextCalls(int n) {
    this.throttleNextCalls = n;
    return this;
  }

  /** The next {@code n} put calls fail whole with {@code InternalFailure}. */
  public FaultInjector failNextCalls(int n) {
    this.failNextCalls = n;
    return this;
  }

  /**
   * Each record of a {@code PutRecordBatch} fails with probability {@code rate} and the error code
   * {@code ServiceUnavailableException} or {@code InternalFailure}.
   */
  public FaultInjector failRecords(double rate, String errorCode) {
    if (rate < 0 || rate > 1) {
      throw new IllegalArgumentException("rate must be 0-1, was " + rate);
    }
    if (!errorCode.equals("ServiceUnavailableException") && !errorCode.equals("InternalFailure")) {
      throw new IllegalArgumentException(
          "errorCode must be ServiceUnavailableException or InternalFailure");
    }
    this.recordErrorCode = errorCode;
    this.recordFailureRate = rate;
    return this;
  }

  /** Removes every fault. */
  public FaultInjector clear() {
    throttleNextCalls = 0;
    failNextCalls = 0;
    recordFailureRate = 0;
    return this;
  }

  /** Whole put calls answered {@code ServiceUnavailableException} by this injector so far. */
  public long throttledCalls() {
    return throttledCalls.get();
  }

  /** Whole put calls answered {@code InternalFailure} by this injector so far. */
  public long failedCalls() {
    return failedCalls.get();
  }

  /** Records of {@code PutRecordBatch} calls refused with an error code so far. */
  public long failedRecords() {
    return failedRecords.get();
  }

  /** Every fault injected so far: throttled and failed calls, failed records. */
  public long injectedCount() {
    return throttledCalls.get() + failedCalls.get() + failedRecords.get();
  }

  /** Called before a put call; throws the injected whole-call fault, if any. */
  synchronized void beforeCall() throws AwsServiceException {
    if (throttleNextCalls > 0) {
      throttleNextCalls--;
      throttledCalls.incrementAndGet();
      throw AwsServiceException.serviceUnavailable("Slow down.");
    }
    if (failNextCalls > 0) {
      failNextCalls--;
      failedCalls.incrementAndGet();
      throw AwsServiceException.internalFailure("Injected failure.");
    }
  }

  /** The error code for one record of a batch, or {@code null} when it is accepted. */
  synchronized String recordError() {
    double rate = recordFailureRate;
    if (rate > 0 && random.nextDouble() < rate) {
      failedRecords.incrementAndGet();
      return recordErrorCode;
    }
    return null;
  }
}
