package dev.shardwise.local.alarms;

import java.util.List;

/**
 * The result of evaluating a metric alarm once.
 *
 * @param state the new state, or {@code null} to keep the current one ({@code ignore})
 * @param reason the state reason, in CloudWatch's words
 * @param evaluated the real datapoints that decided it, newest first
 */
public record Outcome(AlarmState state, String reason, List<Datapoint> evaluated) {
  public Outcome {
    evaluated = List.copyOf(evaluated);
  }

  public boolean retains() {
    return state == null;
  }
}
