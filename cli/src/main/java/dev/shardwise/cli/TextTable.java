package dev.shardwise.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** A plain-text table: a header, aligned columns, the last column cut to a width unless wide. */
final class TextTable {
  private final String[] header;
  private final List<String[]> rows = new ArrayList<>();

  TextTable(String... header) {
    this.header = header;
  }

  TextTable row(String... cells) {
    if (cells.length != header.length) {
      throw new IllegalArgumentException(
          "expected " + header.length + " cells, got " + cells.length);
    }
    rows.add(cells);
    return this;
  }

  boolean isEmpty() {
    return rows.isEmpty();
  }

  /** Prints the table; the last column is cut to {@code lastWidth} characters (0: never). */
  void print(PrintWriter out, int lastWidth) {
    int n = header.length;
    int[] w = new int[n];
    for (int i = 0; i < n; i++) {
      w[i] = header[i].length();
      for (String[] r : rows) {
        w[i] = Math.max(w[i], r[i].length());
      }
    }
    line(out, header, w, 0);
    StringBuilder rule = new StringBuilder();
    for (int i = 0; i < n; i++) {
      rule.append("-".repeat(i == n - 1 && lastWidth > 0 ? Math.min(w[i], lastWidth) : w[i]));
      if (i < n - 1) {
        rule.append("  ");
      }
    }
    out.println(rule);
    for (String[] r : rows) {
      line(out, r, w, lastWidth);
    }
  }

  private static void line(PrintWriter out, String[] cells, int[] w, int lastWidth) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < cells.length; i++) {
      String c = cells[i];
      if (i == cells.length - 1) {
        if (lastWidth > 0 && c.length() > lastWidth) {
          c = c.substring(0, lastWidth - 1) + "…";
        }
        b.append(c);
      } else {
        b.append(c).append(" ".repeat(w[i] - c.length() + 2));
      }
    }
    out.println(b.toString().stripTrailing());
  }
}
