package dev.shardwise.local.alarms;

/**
 * Told about every state change, in evaluation order (metric alarms in specification order, then
 * composite alarms), on the evaluating thread, once per change.
 *
 * <p>Contract: return quickly (the next alarm waits); a listener that throws is logged and skipped,
 * it never stops the evaluation or the other listeners.
 */
@FunctionalInterface
public interface AlarmListener {
  void onStateChange(StateChange change);
}
