package dev.shardwise.local.alarms.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shardwise.consumer.definitions.MetricAlarmSpec;
import dev.shardwise.consumer.definitions.MetricQuery;
import dev.shardwise.consumer.definitions.MetricStat;
import dev.shardwise.local.alarms.Datapoint;
import dev.shardwise.local.alarms.MetricAlarmEvaluation;
import dev.shardwise.local.alarms.MetricMath;
import dev.shardwise.local.alarms.Outcome;
import dev.shardwise.local.metrics.MetricKey;
import dev.shardwise.local.metrics.MetricStore;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/** Reads an alarm's evaluation range from the store and decides it. */
public final class RangeReader {
  private static final ObjectMapper JSON = new ObjectMapper();
  public static final DateTimeFormatter REASON_DATA_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ").withZone(ZoneOffset.UTC);

  private final MetricStore store;

  public RangeReader(MetricStore store) {
    this.store = store;
  }

  /** An outcome with its reason data (JSON in the shape of CloudWatch's StateReasonData). */
  public record Evaluated(Outcome outcome, String reasonData) {}

  public Evaluated evaluate(MetricAlarmSpec a, Instant end) {
    int period = a.periodSeconds();
    int slots = MetricAlarmEvaluation.evaluationRange(a.evaluationPeriods());
    List<Datapoint> range = new ArrayList<>(slots);
    if (a.isMetricMath()) {
      Map<String, Double[]> series = new HashMap<>();
      for (MetricQuery q : a.metrics()) {
        if (q.metricStat() != null) {
          series.put(q.id(), read(q.metricStat(), end, slots));
        }
      }
      // expressions may read other expressions: evaluate until every line has a series
      boolean progress = true;
      while (progress && series.size() < a.metrics().size()) {
        progress = false;
        for (MetricQuery q : a.metrics()) {
          if (q.expression() != null
              && !series.containsKey(q.id())
              && series.keySet().containsAll(q.expression().references())) {
            series.put(q.id(), MetricMath.evaluate(q.expression(), series, slots));
            progress = true;
          }
        }
      }
      Double[] values = series.get(a.returnedQuery().id());
      for (int i = 0; i < slots; i++) {
        range.add(values[i] == null ? null : new Datapoint(start(end, period, i), values[i]));
      }
    } else {
      Double[] values = read(a.metric(), end, slots);
      for (int i = 0; i < slots; i++) {
        range.add(values[i] == null ? null : new Datapoint(start(end, period, i), values[i]));
      }
    }
    Outcome o =
        MetricAlarmEvaluation.evaluate(
            new MetricAlarmEvaluation.Settings(
                a.evaluationPeriods(),
                a.datapointsToAlarm(),
                a.threshold(),
                a.comparison(),
                a.treatMissingData()),
            range);
    return new Evaluated(o, reasonData(a, end, o, range));
  }

  /** The statistic per period, newest first: slot i covers [end - (i + 1) P, end - i P). */
  private Double[] read(MetricStat m, Instant end, int slots) {
    Double[] out = new Double[slots];
    MetricKey key = MetricKey.of(m.namespace(), m.metricName(), m.dimensions());
    for (int i = 0; i < slots; i++) {
      Instant from = start(end, m.periodSeconds(), i);
      OptionalDouble v = store.value(key, m.stat(), from, from.plusSeconds(m.periodSeconds()));
      out[i] = v.isPresent() ? v.getAsDouble() : null;
    }
    return out;
  }

  private static Instant start(Instant end, int period, int slot) {
    return end.minusSeconds((long) period * (slot + 1));
  }

  private static String reasonData(
      MetricAlarmSpec a, Instant end, Outcome o, List<Datapoint> range) {
    ObjectNode n = JSON.createObjectNode();
    n.put("version", "1.0");
    n.put("queryDate", REASON_DATA_TIME.format(end));
    n.put("startDate", REASON_DATA_TIME.format(start(end, a.periodSeconds(), range.size() - 1)));
    if (!a.isMetricMath()) {
      n.put("statistic", a.metric().stat().apiName());
    }
    n.put("period", a.periodSeconds());
    ArrayNode recent = n.putArray("recentDatapoints");
    for (int i = range.size() - 1; i >= 0; i--) {
      if (range.get(i) != null) {
        recent.add(range.get(i).value());
      }
    }
    n.put("threshold", a.threshold());
    ArrayNode evaluated = n.putArray("evaluatedDatapoints");
    for (Datapoint d : o.evaluated()) {
      evaluated
          .addObject()
          .put("timestamp", REASON_DATA_TIME.format(d.timestamp()))
          .put("value", d.value());
    }
    return n.toString();
  }
}
