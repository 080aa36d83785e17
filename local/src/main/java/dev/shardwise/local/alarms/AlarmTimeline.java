package dev.shardwise.local.alarms;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An alarm history read as intervals: when each alarm was in which state. The report draws it;
 * tests of a whole run ask it whether an alarm fired and recovered ({@link #episodes}) or whether
 * nothing fired at all ({@link #fired()}).
 */
public final class AlarmTimeline {

  /**
   * One stay in one state.
   *
   * @param alarm the alarm
   * @param state the state
   * @param from when it entered the state
   * @param to when it left, or {@code null} if it was still there at the end of the history
   */
  public record Interval(String alarm, AlarmState state, Instant from, Instant to) {
    public boolean open() {
      return to == null;
    }
  }

  private final Map<String, List<Interval>> byAlarm = new LinkedHashMap<>();

  /** Builds the timeline of {@code history} (oldest first, as the journal returns it). */
  public AlarmTimeline(List<StateChange> history) {
    Map<String, Interval> current = new LinkedHashMap<>();
    for (StateChange c : history) {
      Interval prev = current.get(c.alarmName());
      List<Interval> list = byAlarm.computeIfAbsent(c.alarmName(), k -> new ArrayList<>());
      if (prev != null) {
        list.set(
            list.size() - 1, new Interval(prev.alarm(), prev.state(), prev.from(), c.timestamp()));
      }
      Interval next = new Interval(c.alarmName(), c.newState(), c.timestamp(), null);
      list.add(next);
      current.put(c.alarmName(), next);
    }
  }

  /** The alarms in the history, in order of their first transition. */
  public Set<String> alarms() {
    return new LinkedHashSet<>(byAlarm.keySet());
  }

  /** Every interval of one alarm, oldest first. */
  public List<Interval> intervals(String alarm) {
    return List.copyOf(byAlarm.getOrDefault(alarm, List.of()));
  }

  /** The ALARM intervals of one alarm: each time it fired, and when (if) it recovered. */
  public List<Interval> episodes(String alarm) {
    return intervals(alarm).stream().filter(i -> i.state() == AlarmState.ALARM).toList();
  }

  /** The alarms that were in ALARM at any time. */
  public Set<String> fired() {
    Set<String> out = new LinkedHashSet<>();
    byAlarm.forEach(
        (name, list) -> {
          if (list.stream().anyMatch(i -> i.state() == AlarmState.ALARM)) {
            out.add(name);
          }
        });
    return out;
  }
}
