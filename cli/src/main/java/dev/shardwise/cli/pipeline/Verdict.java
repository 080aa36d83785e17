package dev.shardwise.cli.pipeline;

import dev.shardwise.athena.AthenaQueryRunner;
import dev.shardwise.athena.QueryFailedException;
import dev.shardwise.athena.QueryResult;
import dev.shardwise.core.event.RejectReason;
import dev.shardwise.producer.sim.GroundTruth;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The pipeline's results, read through Athena, compared with the simulator's ground truth: exact
 * equality of {@code page_views_minutely} (views per event-time minute and page), {@code
 * events_unique} (distinct archived events) and {@code rejects} (distinct rows per reason).
 *
 * @param passed whether everything matched exactly
 * @param expectedViews page views in the truth
 * @param actualViews page views in {@code page_views_minutely}
 * @param lostViews views the truth has and the view lacks, summed over (minute, page)
 * @param doubleCountedViews views the view has beyond the truth, summed over (minute, page)
 * @param pageMinutes (minute, page) pairs in the truth
 * @param expectedEvents distinct events {@code events_unique} must hold (see {@link
 *     #expectedArchivedEvents})
 * @param actualEvents rows of {@code events_unique}
 * @param expectedRejects rejected records per reason (every reason of the truth, zeros included)
 * @param actualRejects distinct {@code rejects} rows per reason
 * @param differences readable lines, one per difference (empty when passed)
 */
public record Verdict(
    boolean passed,
    long expectedViews,
    long actualViews,
    long lostViews,
    long doubleCountedViews,
    int pageMinutes,
    long expectedEvents,
    long actualEvents,
    Map<RejectReason, Long> expectedRejects,
    Map<RejectReason, Long> actualRejects,
    List<String> differences) {

  /** At most this many per-(minute, page) lines in {@link #differences}; the sums stay exact. */
  static final int MAX_DIFF_LINES = 20;

  public Verdict {
    expectedRejects = Map.copyOf(expectedRejects);
    actualRejects = Map.copyOf(actualRejects);
    differences = List.copyOf(differences);
  }

  /**
   * Distinct events the archive ({@code events_unique}) must hold for a truth: every event id the
   * producer sent in a UTF-8 JSON object ({@link GroundTruth.Events#distinctEventIds()}: valid or
   * not, so events rejected for a rule count too), except the events dated 30 days ahead: their
   * {@code dt} lies beyond the table's partition projection range ({@code NOW+1DAYS}), so Athena
   * never reads them.
   */
  public static long expectedArchivedEvents(GroundTruth truth) {
    return truth.events().distinctEventIds() - truth.faults().future();
  }

  /**
   * Runs the three comparison queries through {@code athena} and compares.
   *
   * @throws QueryFailedException when a query fails
   */
  public static Verdict compare(GroundTruth truth, AthenaQueryRunner athena)
      throws QueryFailedException, InterruptedException {
    QueryResult views =
        athena.run(
            "SELECT CAST(to_unixtime(minute) AS bigint) AS m, page, sum(views) AS views"
                + " FROM page_views_minutely GROUP BY 1, 2",
            List.of());
    Map<GroundTruth.PageMinute, Long> actualViews = new TreeMap<>();
    for (List<String> r : views.rows()) {
      actualViews.put(
          new GroundTruth.PageMinute(Instant.ofEpochSecond(Long.parseLong(r.get(0))), r.get(1)),
          Long.parseLong(r.get(2)));
    }
    QueryResult events = athena.run("SELECT count(*) FROM events_unique", List.of());
    long actualEvents = Long.parseLong(events.rows().get(0).get(0));
    QueryResult rejects =
        athena.run("SELECT reason, count(DISTINCT row_id) FROM rejects GROUP BY reason", List.of());
    Map<String, Long> actualRejects = new TreeMap<>();
    for (List<String> r : rejects.rows()) {
      actualRejects.put(String.valueOf(r.get(0)), Long.parseLong(r.get(1)));
    }
    return compare(truth, actualViews, actualEvents, actualRejects);
  }

  /** The comparison itself (unit-testable without Athena). */
  static Verdict compare(
      GroundTruth truth,
      Map<GroundTruth.PageMinute, Long> actualViews,
      long actualEvents,
      Map<String, Long> actualRejectsByCode) {
    List<String> diffs = new ArrayList<>();
    long lost = 0;
    long doubled = 0;
    int shown = 0;
    TreeSet<GroundTruth.PageMinute> keys = new TreeSet<>(truth.pageMinutes().keySet());
    keys.addAll(actualViews.keySet());
    for (GroundTruth.PageMinute k : keys) {
      GroundTruth.PageCount c = truth.pageMinutes().get(k);
      long want = c == null ? 0 : c.views();
      long got = actualViews.getOrDefault(k, 0L);
      if (want == got) {
        continue;
      }
      if (got < want) {
        lost += want - got;
      } else {
        doubled += got - want;
      }
      if (shown++ < MAX_DIFF_LINES) {
        diffs.add(
            String.format(
                "page_views_minutely %s %s: expected %d, got %d (%s %d)",
                k.minute(),
                k.page(),
                want,
                got,
                got < want ? "lost" : "double-counted",
                Math.abs(got - want)));
      }
    }
    if (shown > MAX_DIFF_LINES) {
      diffs.add(
          "page_views_minutely: " + (shown - MAX_DIFF_LINES) + " more (minute, page) differences");
    }
    long expectedViews = truth.totalViews();
    long actualTotal = actualViews.values().stream().mapToLong(Long::longValue).sum();

    long expectedEvents = expectedArchivedEvents(truth);
    if (expectedEvents != actualEvents) {
      diffs.add(
          String.format(
              "events_unique: expected %d distinct events, got %d (%s %d)",
              expectedEvents,
              actualEvents,
              actualEvents < expectedEvents ? "lost" : "extra",
              Math.abs(actualEvents - expectedEvents)));
    }

    Map<RejectReason, Long> expectedRejects = new EnumMap<>(RejectReason.class);
    expectedRejects.putAll(truth.rejects());
    Map<RejectReason, Long> actualRejects = new EnumMap<>(RejectReason.class);
    for (Map.Entry<String, Long> e : actualRejectsByCode.entrySet()) {
      RejectReason r = RejectReason.fromCode(e.getKey());
      if (r == null) {
        diffs.add("rejects: unknown reason '" + e.getKey() + "' (" + e.getValue() + " rows)");
        continue;
      }
      actualRejects.put(r, e.getValue());
    }
    TreeSet<RejectReason> reasons = new TreeSet<>(expectedRejects.keySet());
    reasons.addAll(actualRejects.keySet());
    for (RejectReason r : reasons) {
      long want = expectedRejects.getOrDefault(r, 0L);
      long got = actualRejects.getOrDefault(r, 0L);
      if (want != got) {
        diffs.add(
            String.format(
                "rejects %s: expected %d, got %d (%s)",
                r.code(),
                want,
                got,
                got < want ? "missing " + (want - got) : "extra " + (got - want)));
      }
    }
    return new Verdict(
        diffs.isEmpty(),
        expectedViews,
        actualTotal,
        lost,
        doubled,
        truth.pageMinutes().size(),
        expectedEvents,
        actualEvents,
        expectedRejects,
        actualRejects,
        diffs);
  }

  /** The verdict in a few lines: a headline, the totals, then the differences. */
  public List<String> lines() {
    List<String> out = new ArrayList<>();
    out.add(
        passed
            ? "PASS: the views equal the simulator's ground truth exactly"
            : "FAIL: the views differ from the simulator's ground truth");
    out.add(
        String.format(
            "  page_views_minutely  %d views in %d (minute, page) rows: expected %d, lost %d,"
                + " double-counted %d",
            actualViews, pageMinutes, expectedViews, lostViews, doubleCountedViews));
    out.add(
        String.format(
            "  events_unique        %d events, expected %d", actualEvents, expectedEvents));
    long rejectsWanted = expectedRejects.values().stream().mapToLong(Long::longValue).sum();
    long rejectsGot = actualRejects.values().stream().mapToLong(Long::longValue).sum();
    out.add(
        String.format(
            "  rejects              %d rows over %d reasons, expected %d",
            rejectsGot, actualRejects.size(), rejectsWanted));
    for (String d : differences) {
      out.add("  - " + d);
    }
    return out;
  }
}
