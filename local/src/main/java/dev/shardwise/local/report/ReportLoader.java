package dev.shardwise.local.report;

import dev.shardwise.consumer.definitions.AlarmSpecification;
import dev.shardwise.consumer.definitions.Statistic;
import dev.shardwise.local.alarms.AlarmJournal;
import dev.shardwise.local.alarms.AlarmStatus;
import dev.shardwise.local.alarms.AlarmTimeline;
import dev.shardwise.local.alarms.StateChange;
import dev.shardwise.local.metrics.MetricKey;
import dev.shardwise.local.metrics.MetricStore;
import dev.shardwise.local.report.ReportData.AlarmTrack;
import dev.shardwise.local.report.ReportData.Bar;
import dev.shardwise.local.report.ReportData.Mark;
import dev.shardwise.local.report.ReportData.Point;
import dev.shardwise.local.report.ReportData.Series;
import dev.shardwise.local.report.ReportData.Stay;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Builds {@link ReportData} from what a run left in its data directory: the metric store ({@code
 * .metrics/}) and the alarm journal ({@code .alarms/}). Metric names come from the alarm
 * specification's variables, so a renamed stream or function is followed.
 */
public final class ReportLoader {
  private static final Duration MINUTE = Duration.ofMinutes(1);

  private final AlarmSpecification spec;
  private final Clock clock;

  /** The note a report carries until the per-page views are handed over. */
  public static final String PAGES_NOTE =
      "Views per page need the Athena views (page_views_minutely, anomalies_unique); they are"
          + " shown when the run hands them over.";

  public ReportLoader(AlarmSpecification spec, Clock clock) {
    this.spec = spec;
    this.clock = clock;
  }

  /**
   * Reads the data directory.
   *
   * @param from start of the span, or {@code null} for the first minute with data
   * @param to end of the span, or {@code null} for the last minute with data
   * @throws IOException if the alarm journal cannot be read
   * @throws IllegalArgumentException if the directory holds neither metrics nor alarms
   */
  public ReportData load(Path dataDir, Instant from, Instant to) throws IOException {
    MetricStore store = MetricStore.open(dataDir, clock, MetricStore.Config.defaults());
    List<StateChange> history = AlarmJournal.readHistory(dataDir);
    List<AlarmStatus> states = AlarmJournal.readStates(dataDir);
    Optional<Instant[]> span = store.span();
    if (span.isEmpty() && history.isEmpty()) {
      throw new IllegalArgumentException(
          "no metrics and no alarm history under "
              + dataDir
              + ": run `shardwise demo` or `shardwise local` first");
    }
    Instant start =
        from != null ? from : span.map(s -> s[0]).orElseGet(() -> history.get(0).timestamp());
    Instant end =
        to != null
            ? to
            : span.map(s -> s[1])
                .orElseGet(() -> history.get(history.size() - 1).timestamp().plus(MINUTE));
    for (StateChange c : history) {
      end = c.timestamp().isAfter(end) ? c.timestamp().plus(MINUTE) : end;
    }
    start = start.truncatedTo(ChronoUnit.MINUTES);
    if (!end.isAfter(start)) {
      end = start.plus(MINUTE);
    }
    List<String> notes = new ArrayList<>();
    return new ReportData(
        "shardwise run report",
        clock.instant(),
        start,
        end,
        throughput(store, start, end),
        ages(store, start, end),
        rejects(store, start, end),
        anomalies(store, start, end),
        List.of(),
        alarms(history, states),
        notes(notes, store, history));
  }

  private List<Series> throughput(MetricStore store, Instant from, Instant to) {
    Map<String, String> v = spec.variables();
    List<Series> out = new ArrayList<>();
    add(
        out,
        "Records written to the stream",
        store,
        MetricKey.of("AWS/Kinesis", "IncomingRecords", Map.of("StreamName", v.get("StreamName"))),
        Statistic.SUM,
        from,
        to,
        1);
    add(
        out,
        "User records read by the consumer",
        store,
        MetricKey.of(v.get("Namespace"), "UserRecords"),
        Statistic.SUM,
        from,
        to,
        1);
    add(
        out,
        "Valid events",
        store,
        MetricKey.of(v.get("Namespace"), "EventsValid"),
        Statistic.SUM,
        from,
        to,
        1);
    add(
        out,
        "Events archived (Firehose)",
        store,
        MetricKey.of(
            "AWS/Firehose",
            "DeliveryToS3.Records",
            Map.of("DeliveryStreamName", v.get("StreamName"))),
        Statistic.SUM,
        from,
        to,
        1);
    return out;
  }

  private List<Series> ages(MetricStore store, Instant from, Instant to) {
    Map<String, String> v = spec.variables();
    List<Series> out = new ArrayList<>();
    add(
        out,
        "Event age, max (consumer)",
        store,
        MetricKey.of(v.get("Namespace"), "EventAgeMaxMs"),
        Statistic.MAXIMUM,
        from,
        to,
        0.001);
    add(
        out,
        "Iterator age, max (Lambda)",
        store,
        MetricKey.of("AWS/Lambda", "IteratorAge", Map.of("FunctionName", v.get("FunctionName"))),
        Statistic.MAXIMUM,
        from,
        to,
        0.001);
    add(
        out,
        "Iterator age, max (stream readers)",
        store,
        MetricKey.of(
            "AWS/Kinesis",
            "GetRecords.IteratorAgeMilliseconds",
            Map.of("StreamName", v.get("StreamName"))),
        Statistic.MAXIMUM,
        from,
        to,
        0.001);
    return out;
  }

  private static void add(
      List<Series> out,
      String label,
      MetricStore store,
      MetricKey key,
      Statistic stat,
      Instant from,
      Instant to,
      double scale) {
    List<Point> points =
        store.series(key, stat, from, to, MINUTE).stream()
            .map(p -> new Point(p.time(), p.value() * scale))
            .toList();
    if (!points.isEmpty()) {
      out.add(new Series(label, points));
    }
  }

  private List<Bar> rejects(MetricStore store, Instant from, Instant to) {
    String ns = spec.variables().get("Namespace");
    List<Bar> out = new ArrayList<>();
    for (MetricKey k : store.keys()) {
      if (k.namespace().equals(ns)
          && k.name().startsWith("Rejected.")
          && k.dimensions().isEmpty()) {
        double sum = store.value(k, Statistic.SUM, from, to).orElse(0);
        if (sum > 0) {
          out.add(new Bar(k.name().substring("Rejected.".length()), sum));
        }
      }
    }
    out.sort(Comparator.comparingDouble(Bar::value).reversed().thenComparing(Bar::label));
    return out;
  }

  private List<Mark> anomalies(MetricStore store, Instant from, Instant to) {
    String ns = spec.variables().get("Namespace");
    List<Mark> out = new ArrayList<>();
    for (MetricKey k : store.keys()) {
      if (k.namespace().equals(ns)
          && k.name().startsWith("Anomalies.")
          && k.dimensions().isEmpty()) {
        String kind = k.name().substring("Anomalies.".length());
        for (MetricStore.TimedValue p : store.series(k, Statistic.SUM, from, to, MINUTE)) {
          if (p.value() > 0) {
            out.add(new Mark(p.time(), kind + (p.value() > 1 ? " x" + (long) p.value() : "")));
          }
        }
      }
    }
    out.sort(Comparator.comparing(Mark::time).thenComparing(Mark::label));
    return out;
  }

  private List<AlarmTrack> alarms(List<StateChange> history, List<AlarmStatus> states) {
    AlarmTimeline timeline = new AlarmTimeline(history);
    List<AlarmTrack> out = new ArrayList<>();
    List<String> names = new ArrayList<>(spec.names());
    timeline.alarms().stream().filter(n -> !names.contains(n)).forEach(names::add);
    for (String name : names) {
      List<Stay> stays =
          timeline.intervals(name).stream()
              .map(i -> new Stay(i.state(), i.from(), i.to()))
              .toList();
      if (stays.isEmpty()) {
        continue;
      }
      var severity =
          spec.severity(name)
              .orElse(
                  states.stream()
                      .filter(s -> s.name().equals(name))
                      .map(AlarmStatus::severity)
                      .findFirst()
                      .orElse(null));
      out.add(new AlarmTrack(name, severity, stays));
    }
    return out;
  }

  private static List<String> notes(
      List<String> notes, MetricStore store, List<StateChange> history) {
    if (store.keys().isEmpty()) {
      notes.add("No metrics were recorded in this data directory.");
    }
    if (history.isEmpty()) {
      notes.add("No alarm changed state (or alarms were not evaluated).");
    }
    notes.add(PAGES_NOTE);
    return notes;
  }
}
