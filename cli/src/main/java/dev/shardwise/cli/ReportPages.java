package dev.shardwise.cli;

import dev.shardwise.athena.AthenaQueryRunner;
import dev.shardwise.athena.QueryFailedException;
import dev.shardwise.athena.QueryResult;
import dev.shardwise.local.report.ReportData;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The report's per-page section, read through Athena: views per minute of the most viewed pages
 * ({@code page_views_minutely}) and the page anomalies detected on them ({@code anomalies_unique}).
 */
final class ReportPages {
  private ReportPages() {}

  /** The {@code top} most viewed pages, each with its views per minute and its anomalies. */
  static List<ReportData.PageViews> load(AthenaQueryRunner athena, int top)
      throws QueryFailedException, InterruptedException {
    QueryResult pages =
        athena.run(
            "SELECT page, sum(views) AS v FROM page_views_minutely GROUP BY page"
                + " ORDER BY v DESC, page LIMIT "
                + top,
            List.of());
    Map<String, List<ReportData.Point>> views = new LinkedHashMap<>();
    Map<String, List<ReportData.Mark>> marks = new LinkedHashMap<>();
    for (List<String> r : pages.rows()) {
      views.put(r.get(0), new ArrayList<>());
      marks.put(r.get(0), new ArrayList<>());
    }
    if (views.isEmpty()) {
      return List.of();
    }
    QueryResult perMinute =
        athena.run(
            "SELECT page, CAST(to_unixtime(minute) AS bigint) AS m, sum(views) AS v"
                + " FROM page_views_minutely GROUP BY 1, 2 ORDER BY 1, 2",
            List.of());
    for (List<String> r : perMinute.rows()) {
      List<ReportData.Point> points = views.get(r.get(0));
      if (points != null) {
        points.add(
            new ReportData.Point(
                Instant.ofEpochSecond(Long.parseLong(r.get(1))), Double.parseDouble(r.get(2))));
      }
    }
    QueryResult anomalies =
        athena.run(
            "SELECT \"key\", CAST(to_unixtime(detected_at) AS bigint) AS t, kind"
                + " FROM anomalies_unique WHERE key_type = 'page' ORDER BY 2",
            List.of());
    for (List<String> r : anomalies.rows()) {
      List<ReportData.Mark> m = marks.get(r.get(0));
      if (m != null) {
        m.add(new ReportData.Mark(Instant.ofEpochSecond(Long.parseLong(r.get(1))), r.get(2)));
      }
    }
    List<ReportData.PageViews> out = new ArrayList<>();
    views.forEach(
        (page, points) -> out.add(new ReportData.PageViews(page, points, marks.get(page))));
    return out;
  }
}
