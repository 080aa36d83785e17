package dev.shardwise.local.report;

import dev.shardwise.local.alarms.AlarmState;
import dev.shardwise.local.report.ReportData.AlarmTrack;
import dev.shardwise.local.report.ReportData.Stay;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** The alarm timeline in SVG: one row per alarm, its states as coloured spans over time. */
final class TimelineChart {
  private static final int WIDTH = 960;
  private static final int ROW = 22;
  private static final int LABEL = 300;
  private static final int RIGHT = 16;

  private TimelineChart() {}

  static String color(AlarmState s) {
    return switch (s) {
      case OK -> "#009E73";
      case ALARM -> "#D55E00";
      case INSUFFICIENT_DATA -> "#BBBBBB";
    };
  }

  static String render(String id, List<AlarmTrack> tracks, Instant from, Instant to) {
    int height = Math.max(1, tracks.size()) * ROW + 56;
    StringBuilder s = new StringBuilder();
    s.append("<svg id=\"")
        .append(id)
        .append("\" class=\"chart\" viewBox=\"0 0 ")
        .append(WIDTH)
        .append(' ')
        .append(height)
        .append(
            "\" role=\"img\" aria-label=\"alarm states over time\" xmlns=\"http://www.w3.org/2000/svg\">");
    double plot = WIDTH - LABEL - RIGHT;
    long span = Math.max(1, Duration.between(from, to).toMillis());
    java.util.function.Function<Instant, Double> x =
        t ->
            LABEL
                + Math.max(0, Math.min(1, (double) Duration.between(from, t).toMillis() / span))
                    * plot;
    double legendX = LABEL;
    for (AlarmState st : AlarmState.values()) {
      s.append("<rect x=\"")
          .append(Svg.num(legendX))
          .append("\" y=\"4\" width=\"12\" height=\"10\" fill=\"")
          .append(color(st))
          .append("\"/><text class=\"legendtext\" x=\"")
          .append(Svg.num(legendX + 16))
          .append("\" y=\"13\">")
          .append(st)
          .append("</text>");
      legendX += 150;
    }
    double axisY = 24 + tracks.size() * ROW + 4;
    boolean days = Duration.between(from, to).toHours() >= 24;
    for (Instant t : Svg.timeTicks(from, to, 10)) {
      double xx = x.apply(t);
      s.append("<line class=\"grid\" x1=\"")
          .append(Svg.num(xx))
          .append("\" x2=\"")
          .append(Svg.num(xx))
          .append("\" y1=\"20\" y2=\"")
          .append(Svg.num(axisY))
          .append("\"/><text class=\"tick\" x=\"")
          .append(Svg.num(xx))
          .append("\" y=\"")
          .append(Svg.num(axisY + 16))
          .append("\" text-anchor=\"middle\">")
          .append(Svg.time(t, days))
          .append("</text>");
    }
    for (int i = 0; i < tracks.size(); i++) {
      AlarmTrack t = tracks.get(i);
      double y = 24 + i * ROW;
      s.append("<text class=\"label\" x=\"")
          .append(LABEL - 8)
          .append("\" y=\"")
          .append(Svg.num(y + 13))
          .append("\" text-anchor=\"end\">")
          .append(Svg.esc(t.alarm()))
          .append("</text>");
      for (Stay st : t.stays()) {
        Instant end = st.to() == null ? to : st.to();
        if (!end.isAfter(from) || !st.from().isBefore(to)) {
          continue;
        }
        double x0 = x.apply(st.from().isBefore(from) ? from : st.from());
        double x1 = x.apply(end);
        s.append("<rect class=\"stay\" x=\"")
            .append(Svg.num(x0))
            .append("\" y=\"")
            .append(Svg.num(y))
            .append("\" width=\"")
            .append(Svg.num(Math.max(1.5, x1 - x0)))
            .append("\" height=\"")
            .append(ROW - 6)
            .append("\" fill=\"")
            .append(color(st.state()))
            .append("\"><title>")
            .append(
                Svg.esc(
                    t.alarm()
                        + ": "
                        + st.state()
                        + " from "
                        + Svg.time(st.from(), true)
                        + (st.to() == null ? " to the end" : " to " + Svg.time(st.to(), true))))
            .append("</title></rect>");
      }
    }
    if (tracks.isEmpty()) {
      s.append("<text class=\"empty\" x=\"")
          .append(WIDTH / 2)
          .append("\" y=\"40\" text-anchor=\"middle\">no alarm changed state</text>");
    }
    s.append("</svg>");
    return s.toString();
  }
}
