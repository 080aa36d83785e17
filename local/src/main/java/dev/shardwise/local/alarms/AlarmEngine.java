package dev.shardwise.local.alarms;

import dev.shardwise.consumer.definitions.AlarmRule;
import dev.shardwise.consumer.definitions.AlarmSpecification;
import dev.shardwise.consumer.definitions.CompositeAlarmSpec;
import dev.shardwise.consumer.definitions.MetricAlarmSpec;
import dev.shardwise.local.alarms.internal.CompositeReasons;
import dev.shardwise.local.alarms.internal.RangeReader;
import dev.shardwise.local.metrics.MetricStore;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Evaluates the alarm specification against the local metric store the way CloudWatch evaluates
 * alarms: once a minute, each metric alarm over the periods that end at the evaluation minute
 * (aligned to the minute, not to the epoch), then each composite alarm over the states. Transitions
 * go to the {@link AlarmListener}s.
 *
 * <p>Time is whatever the caller says: {@link #advanceTo(Instant)} evaluates every minute boundary
 * passed since the last call, so a run on an injected or fast-forwarded clock gets exactly the
 * evaluations CloudWatch would have made. Thread-safe; evaluations are serialized.
 */
public final class AlarmEngine {
  private static final Logger log = LoggerFactory.getLogger(AlarmEngine.class);
  static final String INITIAL_REASON = "Unchecked: Initial alarm creation";

  private final AlarmSpecification spec;
  private final RangeReader ranges;
  private final List<AlarmListener> listeners = new CopyOnWriteArrayList<>();
  private final Map<String, AlarmStatus> statuses = new LinkedHashMap<>();
  private Instant nextEvaluation;

  /**
   * @param spec the alarms
   * @param store where the metrics are
   * @param createdAt when the alarms were created: all start in INSUFFICIENT_DATA, the first
   *     evaluation is at the next minute boundary
   */
  public AlarmEngine(AlarmSpecification spec, MetricStore store, Instant createdAt) {
    this.spec = Objects.requireNonNull(spec, "spec");
    this.ranges = new RangeReader(Objects.requireNonNull(store, "store"));
    for (MetricAlarmSpec a : spec.metricAlarms()) {
      statuses.put(a.name(), initial(a.name(), a.severity(), false, createdAt));
    }
    for (CompositeAlarmSpec c : spec.compositeAlarms()) {
      statuses.put(c.name(), initial(c.name(), c.severity(), true, createdAt));
    }
    this.nextEvaluation = createdAt.truncatedTo(ChronoUnit.MINUTES).plus(1, ChronoUnit.MINUTES);
  }

  private static AlarmStatus initial(
      String name, dev.shardwise.consumer.definitions.Severity sev, boolean composite, Instant at) {
    return new AlarmStatus(
        name, sev, composite, AlarmState.INSUFFICIENT_DATA, INITIAL_REASON, "", at, null);
  }

  public AlarmEngine addListener(AlarmListener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
    return this;
  }

  public AlarmSpecification specification() {
    return spec;
  }

  /** Evaluates at every minute boundary up to {@code now}; returns the transitions in order. */
  public synchronized List<StateChange> advanceTo(Instant now) {
    List<StateChange> out = new ArrayList<>();
    while (!nextEvaluation.isAfter(now)) {
      out.addAll(evaluateAt(nextEvaluation));
    }
    return out;
  }

  /** When the next evaluation is due. */
  public synchronized Instant nextEvaluation() {
    return nextEvaluation;
  }

  /**
   * Evaluates every alarm once at {@code at} (truncated to the minute).
   *
   * @return the transitions, metric alarms first, in specification order
   */
  public synchronized List<StateChange> evaluateAt(Instant at) {
    Instant t = at.truncatedTo(ChronoUnit.MINUTES);
    List<StateChange> changes = new ArrayList<>();
    for (MetricAlarmSpec a : spec.metricAlarms()) {
      RangeReader.Evaluated e = ranges.evaluate(a, t);
      apply(a.name(), e.outcome().state(), e.outcome().reason(), e.reasonData(), t, changes);
    }
    for (CompositeAlarmSpec c : spec.compositeAlarms()) {
      AlarmRule rule = c.rule();
      AlarmState next =
          rule.test(n -> AlarmRule.State.valueOf(statuses.get(n).state().name()))
              ? AlarmState.ALARM
              : AlarmState.OK;
      AlarmStatus current = statuses.get(c.name());
      if (next == current.state()) {
        apply(c.name(), next, current.reason(), current.reasonData(), t, changes);
      } else {
        CompositeReasons.Reason r = CompositeReasons.of(rule, next, statuses);
        apply(c.name(), next, r.text(), r.data(), t, changes);
      }
    }
    nextEvaluation = t.plus(1, ChronoUnit.MINUTES);
    for (StateChange c : changes) {
      for (AlarmListener l : listeners) {
        try {
          l.onStateChange(c);
        } catch (RuntimeException ex) {
          log.error("alarm listener {} failed on {}", l, c.alarmName(), ex);
        }
      }
    }
    return changes;
  }

  /** Records the outcome; a {@code null} state keeps the current one. */
  private void apply(
      String name,
      AlarmState next,
      String reason,
      String data,
      Instant t,
      List<StateChange> changes) {
    AlarmStatus cur = statuses.get(name);
    if (next == null || next == cur.state()) {
      String keptReason = next == null ? cur.reason() : reason;
      String keptData = next == null ? cur.reasonData() : data;
      statuses.put(
          name,
          new AlarmStatus(
              name,
              cur.severity(),
              cur.composite(),
              cur.state(),
              keptReason,
              keptData,
              cur.since(),
              t));
      return;
    }
    statuses.put(
        name, new AlarmStatus(name, cur.severity(), cur.composite(), next, reason, data, t, t));
    changes.add(
        new StateChange(name, cur.severity(), cur.composite(), cur.state(), next, reason, data, t));
  }

  /** Every alarm's status, metric alarms first, in specification order. */
  public synchronized List<AlarmStatus> statuses() {
    return List.copyOf(statuses.values());
  }

  public synchronized Optional<AlarmStatus> status(String name) {
    return Optional.ofNullable(statuses.get(name));
  }
}
