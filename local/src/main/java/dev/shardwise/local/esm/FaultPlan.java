package dev.shardwise.local.esm;

import java.util.List;

/**
 * Faults injected into the invocations of an {@link EventSourceMapping}, for reliability tests.
 * Consulted before every invocation (including retries and final window invocations) with what is
 * about to be invoked; the answer decides what happens instead of, or after, the handler's call:
 *
 * <ul>
 *   <li>{@link Fault#NONE}: invoke normally;
 *   <li>{@link Fault#ERROR}: the invocation fails as if the handler had thrown (the handler is not
 *       called); a function error, retried, bisected and counted as Lambda does;
 *   <li>{@link Fault#TIMEOUT}: the invocation fails as a timeout (the handler is not called) and
 *       the execution environment is discarded, so the next invocation gets a new handler instance;
 *   <li>{@link Fault#CRASH_AFTER_HANDLER}: the handler is called and returns, then the poller
 *       "crashes" before the checkpoint: the result (state, failures) is discarded and nothing is
 *       checkpointed, so the same records are invoked again. Not a function error, not counted
 *       against retries (Lambda's own poller failing is invisible to the function).
 * </ul>
 *
 * <p>Contract: called from the shard's poller thread (several shards call concurrently), must be
 * thread-safe and fast, and must not throw.
 */
@FunctionalInterface
public interface FaultPlan {

  /** What to do with one invocation. */
  enum Fault {
    NONE,
    ERROR,
    TIMEOUT,
    CRASH_AFTER_HANDLER
  }

  /**
   * One invocation about to happen.
   *
   * @param shardId the shard
   * @param sequenceNumbers the batch's records, in order (empty for a final window invocation)
   * @param attempt 0 for the first attempt of these records, then 1, 2, ... for retries
   * @param finalInvoke whether it closes a tumbling window
   */
  record Invocation(
      String shardId, List<String> sequenceNumbers, int attempt, boolean finalInvoke) {}

  Fault decide(Invocation invocation);

  /** No faults. */
  FaultPlan NONE = i -> Fault.NONE;
}
