package dev.shardwise.local.report;

import dev.shardwise.consumer.definitions.Severity;
import dev.shardwise.local.alarms.AlarmState;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Everything the HTML report shows, as plain values: {@link ReportLoader} reads it from a data
 * directory; the demo may build it directly (for example with the per-page views it queried from
 * the Athena views). Times are UTC instants.
 *
 * @param title the page title
 * @param generatedAt when the report was made
 * @param from start of the charts' time axis
 * @param to end of the charts' time axis
 * @param throughput records per minute through the stages of the pipeline
 * @param ages event age and iterator ages per minute, in seconds
 * @param rejectsByReason rejected records over the whole span, by reason code
 * @param anomalyMarks anomalies detected, marked on the throughput chart
 * @param topPages views per minute of the busiest pages, with their anomalies; empty when no page
 *     data was available
 * @param alarms each alarm's states over time
 * @param notes short remarks shown under the header (what data was missing, and why)
 */
public record ReportData(
    String title,
    Instant generatedAt,
    Instant from,
    Instant to,
    List<Series> throughput,
    List<Series> ages,
    List<Bar> rejectsByReason,
    List<Mark> anomalyMarks,
    List<PageViews> topPages,
    List<AlarmTrack> alarms,
    List<String> notes) {

  public ReportData {
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(generatedAt, "generatedAt");
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    if (!to.isAfter(from)) {
      throw new IllegalArgumentException("the report span is empty: " + from + " to " + to);
    }
    throughput = List.copyOf(throughput);
    ages = List.copyOf(ages);
    rejectsByReason = List.copyOf(rejectsByReason);
    anomalyMarks = List.copyOf(anomalyMarks);
    topPages = List.copyOf(topPages);
    alarms = List.copyOf(alarms);
    notes = List.copyOf(notes);
  }

  /** A value at a time. */
  /**
   * This report with the per-page section (read through Athena by the caller, as the demo does),
   * without the note saying it is missing.
   */
  public ReportData withTopPages(List<PageViews> pages) {
    return new ReportData(
        title,
        generatedAt,
        from,
        to,
        throughput,
        ages,
        rejectsByReason,
        anomalyMarks,
        pages,
        alarms,
        notes.stream().filter(n -> !n.equals(ReportLoader.PAGES_NOTE)).toList());
  }

  public record Point(Instant time, double value) {}

  /** A named line of a chart. */
  public record Series(String label, List<Point> points) {
    public Series {
      points = List.copyOf(points);
    }
  }

  /** A labelled value of a bar chart. */
  public record Bar(String label, double value) {}

  /** Something that happened at a time, drawn as a marker with a short label. */
  public record Mark(Instant time, String label) {}

  /** Views per minute of one page and the anomalies detected on it. */
  public record PageViews(String page, List<Point> views, List<Mark> anomalies) {
    public PageViews {
      views = List.copyOf(views);
      anomalies = List.copyOf(anomalies);
    }
  }

  /** One alarm's states over the report's span. */
  public record AlarmTrack(String alarm, Severity severity, List<Stay> stays) {
    public AlarmTrack {
      stays = List.copyOf(stays);
    }
  }

  /** A state held from one time to another ({@code to} null: until the end). */
  public record Stay(AlarmState state, Instant from, Instant to) {}
}
