package dev.shardwise.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.shardwise.athena.QueryResult;
import dev.shardwise.athena.QueryResult.ResultColumn;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;

/** Prints a query result as an aligned table, CSV (as Athena writes it) or JSON lines. */
final class ResultPrinter {
  enum Format {
    TABLE,
    CSV,
    JSON
  }

  private static final String NULL = "NULL";

  private ResultPrinter() {}

  static void print(QueryResult result, Format format, PrintWriter out) throws IOException {
    switch (format) {
      case TABLE -> table(result, out);
      case CSV -> csv(result, out);
      case JSON -> json(result, out);
    }
    out.flush();
  }

  private static void table(QueryResult r, PrintWriter out) {
    List<ResultColumn> cols = r.columns();
    if (cols.isEmpty()) {
      return;
    }
    int[] width = new int[cols.size()];
    for (int i = 0; i < cols.size(); i++) {
      width[i] = cols.get(i).name().length();
    }
    for (List<String> row : r.rows()) {
      for (int i = 0; i < width.length; i++) {
        width[i] = Math.max(width[i], shown(row.get(i)).length());
      }
    }
    StringBuilder header = new StringBuilder();
    StringBuilder rule = new StringBuilder();
    for (int i = 0; i < cols.size(); i++) {
      header.append(i == 0 ? "" : "  ").append(pad(cols.get(i).name(), width[i], false));
      rule.append(i == 0 ? "" : "  ").append("-".repeat(width[i]));
    }
    out.println(header.toString().stripTrailing());
    out.println(rule);
    for (List<String> row : r.rows()) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < cols.size(); i++) {
        line.append(i == 0 ? "" : "  ")
            .append(pad(shown(row.get(i)), width[i], numeric(cols.get(i))));
      }
      out.println(line.toString().stripTrailing());
    }
  }

  private static void csv(QueryResult r, PrintWriter out) {
    out.println(String.join(",", r.columns().stream().map(c -> quote(c.name())).toList()));
    for (List<String> row : r.rows()) {
      out.println(String.join(",", row.stream().map(v -> v == null ? "" : quote(v)).toList()));
    }
  }

  private static void json(QueryResult r, PrintWriter out) throws IOException {
    JsonFactory f = new JsonFactory();
    for (List<String> row : r.rows()) {
      java.io.StringWriter line = new java.io.StringWriter();
      try (JsonGenerator g = f.createGenerator(line)) {
        g.writeStartObject();
        for (int i = 0; i < row.size(); i++) {
          g.writeFieldName(r.columns().get(i).name());
          String v = row.get(i);
          if (v == null) {
            g.writeNull();
          } else if (numeric(r.columns().get(i)) && isNumber(v)) {
            g.writeNumber(v);
          } else if (r.columns().get(i).type().equals("boolean")) {
            g.writeBoolean(Boolean.parseBoolean(v));
          } else {
            g.writeString(v);
          }
        }
        g.writeEndObject();
      }
      out.println(line);
    }
  }

  private static boolean numeric(ResultColumn c) {
    return switch (c.type()) {
      case "bigint", "integer", "smallint", "tinyint", "double", "real", "decimal" -> true;
      default -> false;
    };
  }

  private static boolean isNumber(String v) {
    return v.matches("-?\\d+(\\.\\d+)?([eE][-+]?\\d+)?");
  }

  private static String shown(String v) {
    return v == null ? NULL : v;
  }

  private static String pad(String v, int width, boolean right) {
    String fill = " ".repeat(Math.max(0, width - v.length()));
    return right ? fill + v : v + fill;
  }

  private static String quote(String v) {
    return "\"" + v.replace("\"", "\"\"") + "\"";
  }
}
