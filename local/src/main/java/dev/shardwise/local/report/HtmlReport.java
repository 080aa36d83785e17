package dev.shardwise.local.report;

import dev.shardwise.local.alarms.AlarmState;
import dev.shardwise.local.report.ReportData.AlarmTrack;
import dev.shardwise.local.report.ReportData.Mark;
import dev.shardwise.local.report.ReportData.PageViews;
import dev.shardwise.local.report.ReportData.Series;
import dev.shardwise.local.report.ReportData.Stay;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * Renders {@link ReportData} as one self-contained HTML page: inline CSS and inline SVG charts, no
 * script, no external resource, so it opens anywhere without a network. The markup is well-formed
 * XML (every element closed, every text escaped).
 */
public final class HtmlReport {
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

  private static final String CSS =
      """
      body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;margin:24px auto;max-width:1000px;color:#222;background:#fff}
      h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 6px;border-bottom:1px solid #ddd;padding-bottom:4px}
      p.sub{color:#555;margin:0 0 12px}ul.notes{color:#666;font-size:13px}
      .chart{width:100%;height:auto;display:block}
      .chart text{font-size:11px;fill:#333}.chart .tick{fill:#666}.chart .unit{font-size:12px;fill:#444;font-weight:600}
      .chart .grid{stroke:#eee;stroke-width:1}.chart .axis{stroke:#999;stroke-width:1}
      .chart .line{fill:none;stroke-width:1.8;stroke-linejoin:round}
      .chart .mark line{stroke:#D55E00;stroke-dasharray:4 3;stroke-width:1.2}.chart .mark text{fill:#D55E00;font-size:10px}
      .chart .bar{fill:#0072B2}.chart .empty{fill:#999;font-size:13px}
      table{border-collapse:collapse;font-size:13px;width:100%}th,td{text-align:left;padding:4px 8px;border-bottom:1px solid #eee;vertical-align:top}
      th{background:#f6f6f6}.state{font-weight:600}.ALARM{color:#D55E00}.OK{color:#009E73}.INSUFFICIENT_DATA{color:#888}
      .kpi{display:inline-block;margin:0 24px 8px 0}.kpi b{font-size:20px;display:block}
      """;

  private HtmlReport() {}

  public static void write(ReportData d, Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Files.writeString(file, render(d), StandardCharsets.UTF_8);
  }

  public static String render(ReportData d) {
    StringBuilder h = new StringBuilder(64 * 1024);
    h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"/>")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>")
        .append("<title>")
        .append(Svg.esc(d.title()))
        .append("</title><style>")
        .append(CSS)
        .append("</style></head><body>\n");
    h.append("<h1>").append(Svg.esc(d.title())).append("</h1>");
    h.append("<p class=\"sub\">")
        .append(STAMP.format(d.from()))
        .append(" to ")
        .append(STAMP.format(d.to()))
        .append(" (")
        .append(minutes(d))
        .append(" min) &#183; generated ")
        .append(STAMP.format(d.generatedAt()))
        .append("</p>\n");
    kpis(h, d);
    if (!d.notes().isEmpty()) {
      h.append("<ul class=\"notes\">");
      d.notes().forEach(n -> h.append("<li>").append(Svg.esc(n)).append("</li>"));
      h.append("</ul>\n");
    }
    h.append("<h2>Throughput (records per minute)</h2>\n")
        .append(
            LineChart.render(
                "throughput",
                d.throughput(),
                d.anomalyMarks(),
                d.from(),
                d.to(),
                "records / minute; dashed: anomalies detected"));
    h.append("<h2>Views per minute, top pages</h2>\n");
    if (d.topPages().isEmpty()) {
      h.append("<p class=\"sub\">No per-page views were handed to this report.</p>\n");
    } else {
      List<Series> lines = new ArrayList<>();
      List<Mark> marks = new ArrayList<>();
      for (PageViews p : d.topPages()) {
        lines.add(new Series(p.page(), p.views()));
        p.anomalies().forEach(a -> marks.add(new Mark(a.time(), p.page() + ": " + a.label())));
      }
      h.append(
          LineChart.render(
              "pages",
              lines,
              marks,
              d.from(),
              d.to(),
              "views / minute; dashed: anomalies on the page"));
    }
    h.append("<h2>Event age and iterator age</h2>\n")
        .append(
            LineChart.render(
                "ages", d.ages(), List.of(), d.from(), d.to(), "seconds, maximum per minute"));
    h.append("<h2>Rejected records by reason</h2>\n")
        .append(BarChart.render("rejects", d.rejectsByReason(), "records rejected over the span"));
    h.append("<h2>Alarm timeline</h2>\n")
        .append(TimelineChart.render("alarms", d.alarms(), d.from(), d.to()));
    episodes(h, d);
    h.append("</body></html>\n");
    return h.toString();
  }

  private static long minutes(ReportData d) {
    return Duration.between(d.from(), d.to()).toMinutes();
  }

  private static void kpis(StringBuilder h, ReportData d) {
    double written =
        d.throughput().isEmpty()
            ? 0
            : d.throughput().get(0).points().stream().mapToDouble(ReportData.Point::value).sum();
    double rejected = d.rejectsByReason().stream().mapToDouble(ReportData.Bar::value).sum();
    long fired =
        d.alarms().stream()
            .filter(t -> t.stays().stream().anyMatch(s -> s.state() == AlarmState.ALARM))
            .count();
    long firing =
        d.alarms().stream()
            .filter(
                t ->
                    !t.stays().isEmpty()
                        && t.stays().get(t.stays().size() - 1).state() == AlarmState.ALARM)
            .count();
    h.append("<div>");
    kpi(
        h,
        Svg.human(written),
        d.throughput().isEmpty()
            ? "records (no data)"
            : d.throughput().get(0).label().toLowerCase(java.util.Locale.ROOT));
    kpi(h, Svg.human(rejected), "records rejected");
    kpi(h, String.valueOf(d.anomalyMarks().size()), "anomaly minutes");
    kpi(h, String.valueOf(fired), "alarms fired");
    kpi(h, String.valueOf(firing), "alarms in ALARM at the end");
    h.append("</div>\n");
  }

  private static void kpi(StringBuilder h, String value, String label) {
    h.append("<span class=\"kpi\"><b>")
        .append(Svg.esc(value))
        .append("</b>")
        .append(Svg.esc(label))
        .append("</span>");
  }

  private static void episodes(StringBuilder h, ReportData d) {
    List<String[]> rows = new ArrayList<>();
    for (AlarmTrack t : d.alarms()) {
      for (Stay s : t.stays()) {
        if (s.state() == AlarmState.ALARM) {
          String until = s.to() == null ? "still in ALARM" : STAMP.format(s.to());
          String len =
              s.to() == null ? "" : Duration.between(s.from(), s.to()).toMinutes() + " min";
          rows.add(
              new String[] {
                t.alarm(),
                t.severity() == null ? "" : t.severity().code(),
                STAMP.format(s.from()),
                until,
                len
              });
        }
      }
    }
    if (rows.isEmpty()) {
      h.append("<p class=\"sub\">No alarm fired.</p>\n");
      return;
    }
    h.append(
        "<table><thead><tr><th>alarm</th><th>severity</th><th>ALARM from</th><th>until</th><th>for</th></tr></thead><tbody>");
    for (String[] r : rows) {
      h.append("<tr>");
      for (String c : r) {
        h.append("<td>").append(Svg.esc(c)).append("</td>");
      }
      h.append("</tr>");
    }
    h.append("</tbody></table>\n");
  }
}
