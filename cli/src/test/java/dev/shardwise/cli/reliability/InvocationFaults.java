package dev.shardwise.cli.reliability;

import dev.shardwise.local.esm.FaultPlan;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Faults in the consumer's invocations, chosen by seed and counted:
 *
 * <ul>
 *   <li><b>handler exceptions at random records</b>: a record is chosen with probability {@code
 *       errorRate} (a hash of the seed and its sequence number); the first invocation of a batch
 *       holding a chosen record fails ({@link Fault#ERROR}), once per chosen record, so Lambda's
 *       bisect and retries must carry the batch through;
 *   <li><b>handler timeouts</b>: the same with {@code timeoutRate} and {@link Fault#TIMEOUT} (the
 *       execution environment is discarded);
 *   <li><b>a crash after the Firehose write and before the checkpoint</b>: an invocation that
 *       closes a window (where the consumer writes its rows to Firehose), or any invocation, is
 *       replayed ({@link Fault#CRASH_AFTER_HANDLER}) with probability {@code crashRate}, never
 *       twice in a row on one shard, so each crash is followed by a replay of what was written.
 * </ul>
 *
 * <p>Thread-safe: shards decide concurrently.
 */
final class InvocationFaults implements FaultPlan {
  private final long seed;
  private final double errorRate;
  private final double timeoutRate;
  private final double crashRate;
  private final Set<String> fired = ConcurrentHashMap.newKeySet();
  private final Set<String> crashedLast = ConcurrentHashMap.newKeySet();
  private final AtomicLong finalInvocations = new AtomicLong();
  private final AtomicLong errors = new AtomicLong();
  private final AtomicLong timeouts = new AtomicLong();
  private final AtomicLong crashes = new AtomicLong();

  InvocationFaults(long seed, double errorRate, double timeoutRate, double crashRate) {
    this.seed = seed;
    this.errorRate = errorRate;
    this.timeoutRate = timeoutRate;
    this.crashRate = crashRate;
  }

  static InvocationFaults none() {
    return new InvocationFaults(0, 0, 0, 0);
  }

  @Override
  public Fault decide(Invocation i) {
    if (crashRate > 0) {
      // crashes: decided per (shard, invocation ordinal), never twice in a row on a shard
      long n = i.finalInvoke() ? finalInvocations.incrementAndGet() : 0;
      String shard = i.shardId();
      if (crashedLast.remove(shard)) {
        return decideOthers(i);
      }
      String key = shard + "|" + n + "|" + i.sequenceNumbers();
      if (chosen(key, 3, crashRate)) {
        crashedLast.add(shard);
        crashes.incrementAndGet();
        return Fault.CRASH_AFTER_HANDLER;
      }
    }
    return decideOthers(i);
  }

  private Fault decideOthers(Invocation i) {
    for (String seq : i.sequenceNumbers()) {
      if (errorRate > 0 && chosen(seq, 1, errorRate) && fired.add("e" + seq)) {
        errors.incrementAndGet();
        return Fault.ERROR;
      }
      if (timeoutRate > 0 && chosen(seq, 2, timeoutRate) && fired.add("t" + seq)) {
        timeouts.incrementAndGet();
        return Fault.TIMEOUT;
      }
    }
    return Fault.NONE;
  }

  /** A stable choice with probability {@code rate}, from the seed, a salt and the key. */
  private boolean chosen(String key, int salt, double rate) {
    long h = mix(seed * 31 + salt) ^ mix(key.hashCode() * 0x9E3779B97F4A7C15L);
    h = mix(h);
    return (h >>> 11) * 0x1.0p-53 < rate;
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  long errors() {
    return errors.get();
  }

  long timeouts() {
    return timeouts.get();
  }

  long crashes() {
    return crashes.get();
  }

  /** Every fault injected so far. */
  long injected() {
    return errors.get() + timeouts.get() + crashes.get();
  }
}
