package dev.shardwise.local.kinesis.internal;

/**
 * A token bucket driven by the caller's clock (milliseconds), so tests advance a fake clock instead
 * of sleeping. Holds at most {@code capacity} tokens and refills at {@code ratePerSecond}. {@link
 * #takeDebt} may drive it negative, as AWS does for reads: a GetRecords call that returned 10 MiB
 * makes the next calls of the following seconds fail. Not thread-safe: the shard guards it.
 */
public final class TokenBucket {
  private final double ratePerMilli;
  private final double capacity;
  private double tokens;
  private long lastMillis;

  public TokenBucket(double ratePerSecond, double capacity, long nowMillis) {
    if (!(ratePerSecond > 0) || !(capacity > 0)) {
      throw new IllegalArgumentException("rate and capacity must be positive");
    }
    this.ratePerMilli = ratePerSecond / 1000.0;
    this.capacity = capacity;
    this.tokens = capacity;
    this.lastMillis = nowMillis;
  }

  /** Tokens available now (may be negative after {@link #takeDebt}). */
  public double available(long nowMillis) {
    refill(nowMillis);
    return tokens;
  }

  /** Takes {@code amount} tokens if that many are available; otherwise takes nothing. */
  public boolean tryTake(long nowMillis, double amount) {
    refill(nowMillis);
    if (tokens + 1e-9 < amount) {
      return false;
    }
    tokens -= amount;
    return true;
  }

  /** Takes {@code amount} tokens unconditionally; the bucket may go negative. */
  public void takeDebt(long nowMillis, double amount) {
    refill(nowMillis);
    tokens -= amount;
  }

  /** Gives back tokens taken by a {@link #tryTake} whose operation did not happen. */
  public void giveBack(double amount) {
    tokens = Math.min(capacity, tokens + amount);
  }

  private void refill(long nowMillis) {
    if (nowMillis > lastMillis) {
      tokens = Math.min(capacity, tokens + (nowMillis - lastMillis) * ratePerMilli);
      lastMillis = nowMillis;
    }
  }
}
