package dev.shardwise.local.kinesis;

import dev.shardwise.local.server.AwsServiceException;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.random.RandomGenerator;

/**
 * Fault hooks for tests of the code around the endpoint (producer retries, consumer backoff): fail
 * a fraction of PutRecords entries, throttle a fraction of calls to an operation, delay every call.
 * The faults travel the real request path and look to the client exactly as AWS's do. Decisions
 * come from the service's seeded random generator, so a seeded run is repeatable. Thread-safe.
 */
public final class KinesisFaults {
  /** Sleeps for a duration; injected so tests of delays need not wait. */
  @FunctionalInterface
  public interface Sleeper {
    void sleep(Duration d) throws InterruptedException;
  }

  private final RandomGenerator random;
  private final Sleeper sleeper;
  private final Map<String, Double> throttled = new ConcurrentHashMap<>();
  private final AtomicLong injected = new AtomicLong();
  private volatile double entryFailureRate;
  private volatile String entryErrorCode = "ProvisionedThroughputExceededException";
  private volatile Duration delay = Duration.ZERO;

  KinesisFaults(RandomGenerator random, Sleeper sleeper) {
    this.random = Objects.requireNonNull(random);
    this.sleeper = Objects.requireNonNull(sleeper);
  }

  /**
   * Fails this fraction of PutRecords entries with {@code ProvisionedThroughputExceededException}.
   */
  public KinesisFaults failPutRecordsEntries(double fraction) {
    return failPutRecordsEntries(fraction, "ProvisionedThroughputExceededException");
  }

  /**
   * Fails this fraction of PutRecords entries with an error code: {@code
   * ProvisionedThroughputExceededException} or {@code InternalFailure}, the two AWS reports per
   * entry.
   */
  public KinesisFaults failPutRecordsEntries(double fraction, String errorCode) {
    checkFraction(fraction);
    if (!errorCode.equals("ProvisionedThroughputExceededException")
        && !errorCode.equals("InternalFailure")) {
      throw new IllegalArgumentException(
          "PutRecords entries fail with ProvisionedThroughputExceededException or InternalFailure,"
              + " not "
              + errorCode);
    }
    this.entryErrorCode = errorCode;
    this.entryFailureRate = fraction;
    return this;
  }

  /** Answers this fraction of calls to {@code operation} (e.g. "GetRecords") as throttled. */
  public KinesisFaults throttle(String operation, double fraction) {
    checkFraction(fraction);
    throttled.put(Objects.requireNonNull(operation), fraction);
    return this;
  }

  /** Delays every call by {@code d} before it is served. */
  public KinesisFaults delay(Duration d) {
    if (d.isNegative()) {
      throw new IllegalArgumentException("delay must not be negative");
    }
    this.delay = d;
    return this;
  }

  /** Removes every fault. */
  public KinesisFaults clear() {
    entryFailureRate = 0;
    throttled.clear();
    delay = Duration.ZERO;
    return this;
  }

  /** How many faults were injected so far (entries and calls). */
  public long injectedCount() {
    return injected.get();
  }

  /** Called before each operation: delays and throttles per the plan. */
  void beforeCall(String operation, String streamName) throws AwsServiceException {
    Duration d = delay;
    if (!d.isZero()) {
      try {
        sleeper.sleep(d);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw AwsServiceException.serviceUnavailable("interrupted while delaying");
      }
    }
    Double rate = throttled.get(operation);
    if (rate != null && draw(rate)) {
      injected.incrementAndGet();
      throw new AwsServiceException(
          "ProvisionedThroughputExceededException",
          400,
          "Rate exceeded for stream " + streamName + " (injected fault)");
    }
  }

  /** The error code for the next PutRecords entry, or {@code null} to let it through. */
  String entryFailure() {
    double rate = entryFailureRate;
    if (rate > 0 && draw(rate)) {
      injected.incrementAndGet();
      return entryErrorCode;
    }
    return null;
  }

  private boolean draw(double rate) {
    synchronized (random) {
      return random.nextDouble() < rate;
    }
  }

  private static void checkFraction(double f) {
    if (!(f >= 0 && f <= 1)) {
      throw new IllegalArgumentException("fraction must be in [0, 1], was " + f);
    }
  }
}
