package dev.shardwise.local.athena.sql;

import dev.shardwise.local.athena.QueryFailure;
import io.trino.sql.tree.Expression;
import io.trino.sql.tree.FrameBound;
import io.trino.sql.tree.FunctionCall;
import io.trino.sql.tree.StringLiteral;
import io.trino.sql.tree.WindowFrame;
import io.trino.sql.tree.WindowSpecification;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Trino function calls as DuckDB calls. Functions with the same name and meaning pass through;
 * renamed ones are mapped; those whose semantics differ are rewritten (see {@code
 * docs/local-athena.md}). An unknown function fails the query: the local Athena never guesses.
 */
final class FunctionWriter {
  /** Same name, same arguments, same meaning in DuckDB. */
  private static final List<String> SAME =
      List.of(
          // aggregates
          "count",
          "sum",
          "avg",
          "min",
          "max",
          "count_if",
          "bool_and",
          "bool_or",
          "max_by",
          "min_by",
          "array_agg",
          "stddev",
          "stddev_samp",
          "stddev_pop",
          "variance",
          "var_samp",
          "var_pop",
          "corr",
          "covar_pop",
          "covar_samp",
          "regr_slope",
          "regr_intercept",
          // window functions
          "row_number",
          "rank",
          "dense_rank",
          "percent_rank",
          "cume_dist",
          "ntile",
          "lag",
          "lead",
          "first_value",
          "last_value",
          "nth_value",
          // math
          "abs",
          "ceil",
          "ceiling",
          "floor",
          "round",
          "sqrt",
          "cbrt",
          "exp",
          "ln",
          "log10",
          "log2",
          "power",
          "pow",
          "sign",
          "mod",
          "greatest",
          "least",
          // strings
          "lower",
          "upper",
          "length",
          "reverse",
          "ltrim",
          "rtrim",
          "trim",
          "lpad",
          "rpad",
          "split_part",
          "strpos",
          "starts_with",
          "substr",
          "substring",
          "chr",
          // dates
          "date_trunc",
          "year",
          "quarter",
          "month",
          "week",
          "day",
          "hour",
          "minute",
          "second",
          // maps
          "map_keys",
          "map_values",
          "cardinality");

  /** Renamed in DuckDB, same meaning. Approximate aggregates stay approximate. */
  private static final Map<String, String> RENAMED =
      Map.ofEntries(
          Map.entry("arbitrary", "any_value"),
          Map.entry("any_value", "any_value"),
          Map.entry("every", "bool_and"),
          Map.entry("truncate", "trunc"),
          Map.entry("day_of_month", "day"),
          Map.entry("approx_distinct", "approx_count_distinct"),
          Map.entry("approx_percentile", "approx_quantile"),
          Map.entry("regexp_like", "regexp_matches"),
          Map.entry("to_unixtime", "epoch"),
          Map.entry("from_unixtime", "to_timestamp"),
          Map.entry("day_of_week", "isodow"),
          Map.entry("dow", "isodow"),
          Map.entry("day_of_year", "dayofyear"),
          Map.entry("doy", "dayofyear"),
          Map.entry("codepoint", "unicode"),
          Map.entry("contains", "list_contains"),
          Map.entry("from_iso8601_timestamp", "athena_from_iso8601_timestamp"),
          Map.entry("from_iso8601_date", "athena_from_iso8601_date"));

  private static final Map<String, String> UNITS =
      Map.of(
          "millisecond", "MILLISECOND",
          "second", "SECOND",
          "minute", "MINUTE",
          "hour", "HOUR",
          "day", "DAY",
          "week", "WEEK",
          "month", "MONTH",
          "quarter", "QUARTER",
          "year", "YEAR");

  private final ExpressionWriter w;

  FunctionWriter(ExpressionWriter writer) {
    this.w = writer;
  }

  String write(FunctionCall call) {
    if (call.getProcessingMode().isPresent()) {
      throw SqlTranslator.fail(QueryFailure.notSupported(call, "RUNNING/FINAL"));
    }
    String name = call.getName().toString().toLowerCase(Locale.ROOT);
    List<Expression> args = call.getArguments();
    String body;
    if (SAME.contains(name)) {
      body = name + "(" + distinct(call) + join(args) + orderBy(call) + ")";
    } else if (RENAMED.containsKey(name)) {
      body = RENAMED.get(name) + "(" + distinct(call) + join(args) + orderBy(call) + ")";
    } else {
      body = rewrite(name, call, args);
    }
    if (call.getNullTreatment().isPresent()) {
      body +=
          call.getNullTreatment().get() == FunctionCall.NullTreatment.IGNORE
              ? " IGNORE NULLS"
              : " RESPECT NULLS";
    }
    if (call.getFilter().isPresent()) {
      body += " FILTER (WHERE " + w.write(call.getFilter().get()) + ")";
    }
    if (call.getWindow().isPresent()) {
      if (!(call.getWindow().get() instanceof WindowSpecification spec)) {
        throw SqlTranslator.fail(QueryFailure.notSupported(call, "A named window"));
      }
      body += " OVER (" + window(spec) + ")";
    }
    return body;
  }

  private String rewrite(String name, FunctionCall call, List<Expression> args) {
    switch (name) {
      case "now":
      case "current_timestamp":
        arity(call, 0);
        return w.write(
            new io.trino.sql.tree.CurrentTime(io.trino.sql.tree.CurrentTime.Function.TIMESTAMP));
      case "date":
        arity(call, 1);
        return "CAST(" + w.write(args.get(0)) + " AS DATE)";
      case "concat":
        // Trino's concat is NULL when any argument is; DuckDB's skips NULLs. || keeps Trino's.
        return "(" + String.join(" || ", w.writeAll(args)) + ")";
      case "replace":
        if (args.size() == 2) {
          return "replace(" + join(args) + ", '')";
        }
        arity(call, 3);
        return "replace(" + join(args) + ")";
      case "regexp_extract":
        // Trino: NULL when nothing matches; DuckDB: ''
        if (args.size() < 2 || args.size() > 3) {
          arity(call, 2);
        }
        String s = w.write(args.get(0));
        String p = w.write(args.get(1));
        String g = args.size() == 3 ? w.write(args.get(2)) : "0";
        return "CASE WHEN regexp_matches("
            + s
            + ", "
            + p
            + ") THEN regexp_extract("
            + s
            + ", "
            + p
            + ", "
            + g
            + ") END";
      case "date_add":
        arity(call, 3);
        return "("
            + w.write(args.get(2))
            + " + CAST("
            + w.write(args.get(1))
            + " AS BIGINT) * INTERVAL 1 "
            + unit(call, args.get(0))
            + ")";
      case "date_diff":
        // Trino counts whole units elapsed (DuckDB's date_sub), not boundaries (date_diff)
        arity(call, 3);
        return "date_sub('"
            + unit(call, args.get(0)).toLowerCase(Locale.ROOT)
            + "', "
            + w.write(args.get(1))
            + ", "
            + w.write(args.get(2))
            + ")";
      case "date_format":
        arity(call, 2);
        return "strftime("
            + w.write(args.get(0))
            + ", "
            + SqlTranslator.literal(DateTimeFormats.mysql(call, literal(call, args.get(1))))
            + ")";
      case "format_datetime":
        arity(call, 2);
        return "strftime("
            + w.write(args.get(0))
            + ", "
            + SqlTranslator.literal(DateTimeFormats.joda(call, literal(call, args.get(1))))
            + ")";
      default:
        throw SqlTranslator.fail(QueryFailure.notSupported(call, "Function '" + name + "'"));
    }
  }

  private String window(WindowSpecification spec) {
    if (spec.getExistingWindowName().isPresent()) {
      throw SqlTranslator.fail(QueryFailure.notSupported(spec, "A named window"));
    }
    StringBuilder sb = new StringBuilder();
    if (!spec.getPartitionBy().isEmpty()) {
      sb.append("PARTITION BY ").append(join(spec.getPartitionBy()));
    }
    spec.getOrderBy()
        .ifPresent(o -> sb.append(sb.isEmpty() ? "" : " ").append(w.translator().orderBy(o)));
    spec.getFrame().ifPresent(f -> sb.append(sb.isEmpty() ? "" : " ").append(frame(f)));
    return sb.toString();
  }

  private String frame(WindowFrame frame) {
    if (!frame.getMeasures().isEmpty() || frame.getPattern().isPresent()) {
      throw SqlTranslator.fail(QueryFailure.notSupported(frame, "Row pattern recognition"));
    }
    String start = bound(frame.getStart());
    return frame.getType()
        + frame.getEnd().map(e -> " BETWEEN " + start + " AND " + bound(e)).orElse(" " + start);
  }

  private String bound(FrameBound b) {
    return switch (b.getType()) {
      case UNBOUNDED_PRECEDING -> "UNBOUNDED PRECEDING";
      case UNBOUNDED_FOLLOWING -> "UNBOUNDED FOLLOWING";
      case CURRENT_ROW -> "CURRENT ROW";
      case PRECEDING -> w.write(b.getValue().orElseThrow()) + " PRECEDING";
      case FOLLOWING -> w.write(b.getValue().orElseThrow()) + " FOLLOWING";
    };
  }

  private String unit(FunctionCall call, Expression unit) {
    String u = literal(call, unit).toLowerCase(Locale.ROOT);
    String mapped = UNITS.get(u);
    if (mapped == null) {
      throw SqlTranslator.fail(
          QueryFailure.user(
              "INVALID_FUNCTION_ARGUMENT", call, "'" + u + "' is not a valid time unit"));
    }
    return mapped;
  }

  private static String literal(FunctionCall call, Expression e) {
    if (e instanceof StringLiteral s) {
      return s.getValue();
    }
    throw SqlTranslator.fail(
        QueryFailure.notSupported(
            call, "A non-literal unit or format in " + call.getName() + "()"));
  }

  private static void arity(FunctionCall call, int n) {
    if (call.getArguments().size() != n) {
      throw SqlTranslator.fail(
          QueryFailure.user(
              "FUNCTION_NOT_FOUND",
              call,
              "Unexpected parameters for function "
                  + call.getName()
                  + ": expected "
                  + n
                  + " arguments, got "
                  + call.getArguments().size()));
    }
  }

  private static String distinct(FunctionCall call) {
    return call.isDistinct() ? "DISTINCT " : "";
  }

  private String orderBy(FunctionCall call) {
    return call.getOrderBy().map(o -> " " + w.translator().orderBy(o)).orElse("");
  }

  private String join(List<Expression> args) {
    return String.join(", ", w.writeAll(args));
  }
}
