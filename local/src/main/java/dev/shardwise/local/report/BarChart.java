package dev.shardwise.local.report;

import dev.shardwise.local.report.ReportData.Bar;
import java.util.List;

/** A horizontal bar chart in SVG: one labelled bar per value, largest first, value at the end. */
final class BarChart {
  private static final int WIDTH = 960;
  private static final int ROW = 26;
  private static final int LABEL = 200;

  private BarChart() {}

  static String render(String id, List<Bar> bars, String unit) {
    int height = Math.max(1, bars.size()) * ROW + 30;
    StringBuilder s = new StringBuilder();
    s.append("<svg id=\"")
        .append(id)
        .append("\" class=\"chart\" viewBox=\"0 0 ")
        .append(WIDTH)
        .append(' ')
        .append(height)
        .append("\" role=\"img\" aria-label=\"")
        .append(Svg.esc(unit))
        .append("\" xmlns=\"http://www.w3.org/2000/svg\">");
    s.append("<text class=\"unit\" x=\"")
        .append(LABEL)
        .append("\" y=\"14\">")
        .append(Svg.esc(unit))
        .append("</text>");
    if (bars.isEmpty()) {
      s.append("<text class=\"empty\" x=\"")
          .append(WIDTH / 2)
          .append("\" y=\"40\" text-anchor=\"middle\">none</text></svg>");
      return s.toString();
    }
    double max = bars.stream().mapToDouble(Bar::value).max().orElse(1);
    double total = bars.stream().mapToDouble(Bar::value).sum();
    double plot = WIDTH - LABEL - 120;
    for (int i = 0; i < bars.size(); i++) {
      Bar b = bars.get(i);
      double y = 24 + i * ROW;
      double w = max <= 0 ? 0 : Math.max(1, b.value() / max * plot);
      s.append("<g><title>")
          .append(Svg.esc(b.label() + ": " + Svg.human(b.value())))
          .append("</title>");
      s.append("<text class=\"label\" x=\"")
          .append(LABEL - 8)
          .append("\" y=\"")
          .append(Svg.num(y + 14))
          .append("\" text-anchor=\"end\">")
          .append(Svg.esc(b.label()))
          .append("</text>");
      s.append("<rect class=\"bar\" x=\"")
          .append(LABEL)
          .append("\" y=\"")
          .append(Svg.num(y))
          .append("\" width=\"")
          .append(Svg.num(w))
          .append("\" height=\"")
          .append(ROW - 8)
          .append("\"/>");
      s.append("<text class=\"value\" x=\"")
          .append(Svg.num(LABEL + w + 6))
          .append("\" y=\"")
          .append(Svg.num(y + 14))
          .append("\">")
          .append(Svg.human(b.value()))
          .append(" (")
          .append(Math.round(b.value() / total * 100))
          .append(" %)</text></g>");
    }
    s.append("</svg>");
    return s.toString();
  }
}
