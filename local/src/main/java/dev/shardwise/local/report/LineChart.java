package dev.shardwise.local.report;

import dev.shardwise.local.report.ReportData.Mark;
import dev.shardwise.local.report.ReportData.Point;
import dev.shardwise.local.report.ReportData.Series;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A time-series line chart in SVG: a y axis from zero with round ticks, a time axis in UTC, one
 * line per series (broken where minutes are missing), dots where a series has a single point,
 * vertical markers with labels, and a legend. Each point has a tooltip ({@code <title>}).
 */
final class LineChart {
  static final int WIDTH = 960;
  static final int HEIGHT = 280;
  private static final int LEFT = 64;
  private static final int RIGHT = 16;
  private static final int TOP = 50;
  private static final int BOTTOM = 34;

  private LineChart() {}

  static String render(
      String id, List<Series> series, List<Mark> marks, Instant from, Instant to, String unit) {
    StringBuilder s = new StringBuilder();
    s.append("<svg id=\"")
        .append(id)
        .append("\" class=\"chart\" viewBox=\"0 0 ")
        .append(WIDTH)
        .append(' ')
        .append(HEIGHT)
        .append("\" role=\"img\" aria-label=\"")
        .append(Svg.esc(unit))
        .append("\" xmlns=\"http://www.w3.org/2000/svg\">");
    double max = 0;
    for (Series x : series) {
      for (Point p : x.points()) {
        max = Math.max(max, p.value());
      }
    }
    double step = Svg.niceStep(max, 5);
    double top = Math.max(step, Math.ceil(max / step) * step);
    double plotW = WIDTH - LEFT - RIGHT;
    double plotH = HEIGHT - TOP - BOTTOM;
    long span = Math.max(1, Duration.between(from, to).toMillis());
    java.util.function.DoubleUnaryOperator y = v -> TOP + plotH - v / top * plotH;
    java.util.function.Function<Instant, Double> x =
        t -> LEFT + (double) Duration.between(from, t).toMillis() / span * plotW;

    for (double v = 0; v <= top + step / 2; v += step) {
      double yy = y.applyAsDouble(v);
      s.append("<line class=\"grid\" x1=\"")
          .append(LEFT)
          .append("\" x2=\"")
          .append(WIDTH - RIGHT)
          .append("\" y1=\"")
          .append(Svg.num(yy))
          .append("\" y2=\"")
          .append(Svg.num(yy))
          .append("\"/>");
      s.append("<text class=\"tick\" x=\"")
          .append(LEFT - 6)
          .append("\" y=\"")
          .append(Svg.num(yy + 4))
          .append("\" text-anchor=\"end\">")
          .append(Svg.human(v))
          .append("</text>");
    }
    boolean days = Duration.between(from, to).toHours() >= 24;
    for (Instant t : Svg.timeTicks(from, to, 10)) {
      double xx = x.apply(t);
      s.append("<line class=\"axis\" x1=\"")
          .append(Svg.num(xx))
          .append("\" x2=\"")
          .append(Svg.num(xx))
          .append("\" y1=\"")
          .append(TOP + plotH)
          .append("\" y2=\"")
          .append(Svg.num(TOP + plotH + 4))
          .append("\"/>");
      s.append("<text class=\"tick\" x=\"")
          .append(Svg.num(xx))
          .append("\" y=\"")
          .append(Svg.num(TOP + plotH + 18))
          .append("\" text-anchor=\"middle\">")
          .append(Svg.time(t, days))
          .append("</text>");
    }
    s.append("<line class=\"axis\" x1=\"")
        .append(LEFT)
        .append("\" x2=\"")
        .append(WIDTH - RIGHT)
        .append("\" y1=\"")
        .append(Svg.num(TOP + plotH))
        .append("\" y2=\"")
        .append(Svg.num(TOP + plotH))
        .append("\"/>");
    s.append("<text class=\"unit\" x=\"")
        .append(LEFT)
        .append("\" y=\"")
        .append(TOP - 16)
        .append("\">")
        .append(Svg.esc(unit))
        .append("</text>");

    int mi = 0;
    for (Mark m : marks) {
      double xx = x.apply(m.time());
      s.append("<g class=\"mark\"><title>")
          .append(Svg.esc(m.label() + " at " + Svg.time(m.time(), true)))
          .append("</title>");
      s.append("<line x1=\"")
          .append(Svg.num(xx))
          .append("\" x2=\"")
          .append(Svg.num(xx))
          .append("\" y1=\"")
          .append(TOP)
          .append("\" y2=\"")
          .append(Svg.num(TOP + plotH))
          .append("\"/>");
      s.append("<text x=\"")
          .append(Svg.num(xx + 3))
          .append("\" y=\"")
          .append(TOP + 10 + 11 * (mi++ % 3))
          .append("\">")
          .append(Svg.esc(m.label()))
          .append("</text></g>");
    }

    for (int i = 0; i < series.size(); i++) {
      Series ser = series.get(i);
      String color = Svg.PALETTE[i % Svg.PALETTE.length];
      StringBuilder path = new StringBuilder();
      Instant prev = null;
      for (Point p : ser.points()) {
        boolean gap = prev == null || Duration.between(prev, p.time()).getSeconds() > 90;
        path.append(gap ? " M" : " L")
            .append(Svg.num(x.apply(p.time())))
            .append(' ')
            .append(Svg.num(y.applyAsDouble(p.value())));
        prev = p.time();
      }
      s.append("<path class=\"line\" stroke=\"")
          .append(color)
          .append("\" d=\"")
          .append(path.toString().trim())
          .append("\"/>");
      for (Point p : ser.points()) {
        s.append("<circle class=\"pt\" fill=\"")
            .append(color)
            .append("\" cx=\"")
            .append(Svg.num(x.apply(p.time())))
            .append("\" cy=\"")
            .append(Svg.num(y.applyAsDouble(p.value())))
            .append("\" r=\"")
            .append(ser.points().size() < 40 ? "2.5" : "1.2")
            .append("\"><title>")
            .append(
                Svg.esc(
                    ser.label() + ": " + Svg.human(p.value()) + " at " + Svg.time(p.time(), true)))
            .append("</title></circle>");
      }
    }
    legend(s, series.stream().map(Series::label).toList());
    if (series.isEmpty()) {
      s.append("<text class=\"empty\" x=\"")
          .append(WIDTH / 2)
          .append("\" y=\"")
          .append(HEIGHT / 2)
          .append("\" text-anchor=\"middle\">no data recorded</text>");
    }
    s.append("</svg>");
    return s.toString();
  }

  private static void legend(StringBuilder s, List<String> labels) {
    double x = WIDTH - RIGHT;
    for (int i = labels.size() - 1; i >= 0; i--) {
      String label = labels.get(i);
      double w = 22 + label.length() * 6.6;
      x -= w + 12;
      s.append("<g class=\"legend\"><rect x=\"")
          .append(Svg.num(x))
          .append("\" y=\"6\" width=\"14\" height=\"4\" fill=\"")
          .append(Svg.PALETTE[i % Svg.PALETTE.length])
          .append("\"/><text x=\"")
          .append(Svg.num(x + 20))
          .append("\" y=\"12\">")
          .append(Svg.esc(label))
          .append("</text></g>");
    }
  }
}
