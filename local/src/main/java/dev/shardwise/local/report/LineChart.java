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

    for (PlacedMark m : layoutMarks(marks, x)) {
      s.append("<g class=\"mark\"><title>").append(Svg.esc(m.tooltip())).append("</title>");
      s.append("<line x1=\"")
          .append(Svg.num(m.x()))
          .append("\" x2=\"")
          .append(Svg.num(m.x()))
          .append("\" y1=\"")
          .append(TOP)
          .append("\" y2=\"")
          .append(Svg.num(TOP + plotH))
          .append("\"/>");
      if (m.row() >= 0) {
        s.append("<text x=\"")
            .append(Svg.num(m.x() + 3))
            .append("\" y=\"")
            .append(TOP + 10 + MARK_ROW_HEIGHT * m.row())
            .append("\">")
            .append(Svg.esc(m.text()))
            .append("</text>");
      }
      s.append("</g>");
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

  static final int MARK_ROWS = 3;
  static final int MARK_ROW_HEIGHT = 11;
  static final double MARK_CHAR_WIDTH = 6.2;
  private static final double MARK_MERGE_PX = 4;

  /**
   * A marker as drawn: its x, the text shown next to it ({@code row} -1: none, the tooltip still
   * has it) and the tooltip listing every mark merged into it.
   */
  record PlacedMark(double x, String text, int row, String tooltip) {
    /** The x where the shown text ends (an estimate from the character count). */
    double textEnd() {
      return x + 3 + text.length() * MARK_CHAR_WIDTH;
    }
  }

  /**
   * Lays out markers so that no two labels overlap: marks within a few pixels of each other become
   * one marker ("label +n more", every label in its tooltip); each label takes the first of {@link
   * #MARK_ROWS} rows where it fits after the previous label in that row, and a label that fits in
   * none is left to the tooltip.
   */
  static List<PlacedMark> layoutMarks(
      List<Mark> marks, java.util.function.Function<Instant, Double> x) {
    List<Mark> sorted = new java.util.ArrayList<>(marks);
    sorted.sort(java.util.Comparator.comparing(Mark::time));
    List<List<Mark>> groups = new java.util.ArrayList<>();
    double groupX = Double.NEGATIVE_INFINITY;
    for (Mark m : sorted) {
      double xx = x.apply(m.time());
      if (groups.isEmpty() || xx - groupX > MARK_MERGE_PX) {
        groups.add(new java.util.ArrayList<>());
        groupX = xx;
      }
      groups.get(groups.size() - 1).add(m);
    }
    double[] rowEnd = new double[MARK_ROWS];
    java.util.Arrays.fill(rowEnd, Double.NEGATIVE_INFINITY);
    List<PlacedMark> out = new java.util.ArrayList<>();
    for (List<Mark> g : groups) {
      double xx = x.apply(g.get(0).time());
      String text = g.get(0).label() + (g.size() > 1 ? " +" + (g.size() - 1) + " more" : "");
      StringBuilder tip = new StringBuilder();
      for (Mark m : g) {
        tip.append(tip.length() > 0 ? "\n" : "")
            .append(m.label())
            .append(" at ")
            .append(Svg.time(m.time(), true));
      }
      int row = -1;
      for (int r = 0; r < MARK_ROWS && row < 0; r++) {
        if (xx >= rowEnd[r] + 4) {
          row = r;
        }
      }
      PlacedMark placed = new PlacedMark(xx, text, row, tip.toString());
      if (row >= 0) {
        rowEnd[row] = placed.textEnd();
      }
      out.add(placed);
    }
    return out;
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
