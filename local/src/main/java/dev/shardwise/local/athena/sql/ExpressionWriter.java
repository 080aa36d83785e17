package dev.shardwise.local.athena.sql;

import dev.shardwise.local.athena.QueryFailure;
import io.trino.sql.tree.ArithmeticBinaryExpression;
import io.trino.sql.tree.ArithmeticUnaryExpression;
import io.trino.sql.tree.Array;
import io.trino.sql.tree.AstVisitor;
import io.trino.sql.tree.AtTimeZone;
import io.trino.sql.tree.BetweenPredicate;
import io.trino.sql.tree.BooleanLiteral;
import io.trino.sql.tree.Cast;
import io.trino.sql.tree.CoalesceExpression;
import io.trino.sql.tree.ComparisonExpression;
import io.trino.sql.tree.CurrentTime;
import io.trino.sql.tree.DecimalLiteral;
import io.trino.sql.tree.DereferenceExpression;
import io.trino.sql.tree.DoubleLiteral;
import io.trino.sql.tree.ExistsPredicate;
import io.trino.sql.tree.Expression;
import io.trino.sql.tree.Extract;
import io.trino.sql.tree.FunctionCall;
import io.trino.sql.tree.GenericLiteral;
import io.trino.sql.tree.Identifier;
import io.trino.sql.tree.IfExpression;
import io.trino.sql.tree.InListExpression;
import io.trino.sql.tree.InPredicate;
import io.trino.sql.tree.IntervalLiteral;
import io.trino.sql.tree.IsNotNullPredicate;
import io.trino.sql.tree.IsNullPredicate;
import io.trino.sql.tree.LikePredicate;
import io.trino.sql.tree.LogicalExpression;
import io.trino.sql.tree.LongLiteral;
import io.trino.sql.tree.Node;
import io.trino.sql.tree.NotExpression;
import io.trino.sql.tree.NullIfExpression;
import io.trino.sql.tree.NullLiteral;
import io.trino.sql.tree.Parameter;
import io.trino.sql.tree.QuantifiedComparisonExpression;
import io.trino.sql.tree.SearchedCaseExpression;
import io.trino.sql.tree.SimpleCaseExpression;
import io.trino.sql.tree.StringLiteral;
import io.trino.sql.tree.SubqueryExpression;
import io.trino.sql.tree.SubscriptExpression;
import io.trino.sql.tree.TimestampLiteral;
import io.trino.sql.tree.Trim;
import io.trino.sql.tree.TryExpression;
import io.trino.sql.tree.WhenClause;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Writes a Trino expression as DuckDB SQL with the same meaning. Every node type is handled
 * explicitly; anything else fails with {@code NOT_SUPPORTED} rather than being passed through.
 */
final class ExpressionWriter extends AstVisitor<String, Void> {
  private static final DateTimeFormatter TS =
      DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSS", Locale.ROOT).withZone(ZoneOffset.UTC);
  private static final Set<String> UTC_NAMES = Set.of("UTC", "Z", "+00:00", "ETC/UTC", "GMT");

  private final SqlTranslator translator;
  private final FunctionWriter functions;

  ExpressionWriter(SqlTranslator translator) {
    this.translator = translator;
    this.functions = new FunctionWriter(this);
  }

  String write(Expression e) {
    return process(e, null);
  }

  List<String> writeAll(List<Expression> expressions) {
    List<String> out = new ArrayList<>(expressions.size());
    expressions.forEach(e -> out.add(write(e)));
    return out;
  }

  SqlTranslator translator() {
    return translator;
  }

  @Override
  protected String visitNode(Node node, Void context) {
    throw SqlTranslator.fail(
        QueryFailure.notSupported(node, "The expression " + node.getClass().getSimpleName()));
  }

  // ---- names and literals --------------------------------------------------------------------

  @Override
  protected String visitIdentifier(Identifier node, Void context) {
    return SqlTranslator.quote(node.getValue());
  }

  @Override
  protected String visitDereferenceExpression(DereferenceExpression node, Void context) {
    Identifier field = node.getField().orElseThrow();
    return write(node.getBase()) + "." + SqlTranslator.quote(field.getValue());
  }

  @Override
  protected String visitStringLiteral(StringLiteral node, Void context) {
    return SqlTranslator.literal(node.getValue());
  }

  @Override
  protected String visitLongLiteral(LongLiteral node, Void context) {
    return Long.toString(node.getParsedValue());
  }

  @Override
  protected String visitDoubleLiteral(DoubleLiteral node, Void context) {
    return "CAST(" + node.getValue() + " AS DOUBLE)";
  }

  @Override
  protected String visitDecimalLiteral(DecimalLiteral node, Void context) {
    return node.getValue();
  }

  @Override
  protected String visitBooleanLiteral(BooleanLiteral node, Void context) {
    return node.getValue() ? "TRUE" : "FALSE";
  }

  @Override
  protected String visitNullLiteral(NullLiteral node, Void context) {
    return "NULL";
  }

  @Override
  protected String visitGenericLiteral(GenericLiteral node, Void context) {
    String type = node.getType().toUpperCase(Locale.ROOT);
    String duck =
        switch (type) {
          case "DATE" -> "DATE";
          case "BIGINT" -> "BIGINT";
          case "INTEGER" -> "INTEGER";
          case "DOUBLE" -> "DOUBLE";
          case "REAL" -> "FLOAT";
          case "VARCHAR" -> "VARCHAR";
          case "DECIMAL" -> "DECIMAL(38," + scale(node.getValue()) + ")";
          default -> throw SqlTranslator.fail(QueryFailure.notSupported(node, type + " literals"));
        };
    return "CAST(" + SqlTranslator.literal(node.getValue()) + " AS " + duck + ")";
  }

  @Override
  protected String visitTimestampLiteral(TimestampLiteral node, Void context) {
    String v = node.getValue().trim();
    boolean zoned = v.matches(".*(\\s[A-Za-z].*|[+-]\\d{1,2}(:\\d{2})?)$");
    return "CAST("
        + SqlTranslator.literal(v)
        + " AS "
        + (zoned ? "TIMESTAMPTZ" : "TIMESTAMP")
        + ")";
  }

  @Override
  protected String visitIntervalLiteral(IntervalLiteral node, Void context) {
    if (node.getEndField().isPresent()) {
      throw SqlTranslator.fail(QueryFailure.notSupported(node, "An interval with two fields"));
    }
    if (!node.getValue().matches("\\d+")) {
      throw SqlTranslator.fail(QueryFailure.notSupported(node, "A fractional interval"));
    }
    String sign = node.getSign() == IntervalLiteral.Sign.NEGATIVE ? "-" : "";
    return "(" + sign + "INTERVAL '" + node.getValue() + "' " + node.getStartField() + ")";
  }

  @Override
  protected String visitParameter(Parameter node, Void context) {
    return translator.parameter(node);
  }

  @Override
  protected String visitCurrentTime(CurrentTime node, Void context) {
    return switch (node.getFunction()) {
      case TIMESTAMP -> "CAST('" + TS.format(translator.now()) + " UTC' AS TIMESTAMPTZ)";
      case LOCALTIMESTAMP -> "CAST('" + TS.format(translator.now()) + "' AS TIMESTAMP)";
      case DATE ->
          "DATE '" + translator.now().atZone(ZoneOffset.UTC).toLocalDate().toString() + "'";
      default ->
          throw SqlTranslator.fail(QueryFailure.notSupported(node, node.getFunction().getName()));
    };
  }

  // ---- operators and predicates --------------------------------------------------------------

  @Override
  protected String visitArithmeticBinary(ArithmeticBinaryExpression node, Void context) {
    // integer division: the session sets integer_division, so / truncates as in Trino
    return "("
        + write(node.getLeft())
        + " "
        + node.getOperator().getValue()
        + " "
        + write(node.getRight())
        + ")";
  }

  @Override
  protected String visitArithmeticUnary(ArithmeticUnaryExpression node, Void context) {
    String sign = node.getSign() == ArithmeticUnaryExpression.Sign.MINUS ? "-" : "+";
    return "(" + sign + write(node.getValue()) + ")";
  }

  @Override
  protected String visitComparisonExpression(ComparisonExpression node, Void context) {
    return "("
        + write(node.getLeft())
        + " "
        + node.getOperator().getValue()
        + " "
        + write(node.getRight())
        + ")";
  }

  @Override
  protected String visitLogicalExpression(LogicalExpression node, Void context) {
    return "(" + String.join(" " + node.getOperator() + " ", writeAll(node.getTerms())) + ")";
  }

  @Override
  protected String visitNotExpression(NotExpression node, Void context) {
    return "(NOT " + write(node.getValue()) + ")";
  }

  @Override
  protected String visitIsNullPredicate(IsNullPredicate node, Void context) {
    return "(" + write(node.getValue()) + " IS NULL)";
  }

  @Override
  protected String visitIsNotNullPredicate(IsNotNullPredicate node, Void context) {
    return "(" + write(node.getValue()) + " IS NOT NULL)";
  }

  @Override
  protected String visitBetweenPredicate(BetweenPredicate node, Void context) {
    return "("
        + write(node.getValue())
        + " BETWEEN "
        + write(node.getMin())
        + " AND "
        + write(node.getMax())
        + ")";
  }

  @Override
  protected String visitInPredicate(InPredicate node, Void context) {
    Expression list = node.getValueList();
    String values =
        list instanceof InListExpression in
            ? "(" + String.join(", ", writeAll(in.getValues())) + ")"
            : write(list);
    return "(" + write(node.getValue()) + " IN " + values + ")";
  }

  @Override
  protected String visitLikePredicate(LikePredicate node, Void context) {
    String escape = node.getEscape().map(e -> " ESCAPE " + write(e)).orElse("");
    return "(" + write(node.getValue()) + " LIKE " + write(node.getPattern()) + escape + ")";
  }

  @Override
  protected String visitExists(ExistsPredicate node, Void context) {
    return "(EXISTS " + write(node.getSubquery()) + ")";
  }

  @Override
  protected String visitSubqueryExpression(SubqueryExpression node, Void context) {
    return "(" + translator.query(node.getQuery()) + ")";
  }

  @Override
  protected String visitQuantifiedComparisonExpression(
      QuantifiedComparisonExpression node, Void context) {
    return "("
        + write(node.getValue())
        + " "
        + node.getOperator().getValue()
        + " "
        + node.getQuantifier()
        + " "
        + write(node.getSubquery())
        + ")";
  }

  // ---- conditionals, casts, values -----------------------------------------------------------

  @Override
  protected String visitCast(Cast node, Void context) {
    String type;
    try {
      type = DuckDbTypes.ofTrino(node.getType());
    } catch (QueryFailure f) {
      throw SqlTranslator.fail(f);
    }
    return (node.isSafe() ? "TRY_CAST(" : "CAST(")
        + write(node.getExpression())
        + " AS "
        + type
        + ")";
  }

  @Override
  protected String visitSearchedCaseExpression(SearchedCaseExpression node, Void context) {
    StringBuilder sb = new StringBuilder("CASE");
    for (WhenClause w : node.getWhenClauses()) {
      sb.append(" WHEN ")
          .append(write(w.getOperand()))
          .append(" THEN ")
          .append(write(w.getResult()));
    }
    node.getDefaultValue().ifPresent(d -> sb.append(" ELSE ").append(write(d)));
    return sb.append(" END").toString();
  }

  @Override
  protected String visitSimpleCaseExpression(SimpleCaseExpression node, Void context) {
    StringBuilder sb = new StringBuilder("CASE ").append(write(node.getOperand()));
    for (WhenClause w : node.getWhenClauses()) {
      sb.append(" WHEN ")
          .append(write(w.getOperand()))
          .append(" THEN ")
          .append(write(w.getResult()));
    }
    node.getDefaultValue().ifPresent(d -> sb.append(" ELSE ").append(write(d)));
    return sb.append(" END").toString();
  }

  @Override
  protected String visitIfExpression(IfExpression node, Void context) {
    return "CASE WHEN "
        + write(node.getCondition())
        + " THEN "
        + write(node.getTrueValue())
        + node.getFalseValue().map(f -> " ELSE " + write(f)).orElse("")
        + " END";
  }

  @Override
  protected String visitCoalesceExpression(CoalesceExpression node, Void context) {
    return "COALESCE(" + String.join(", ", writeAll(node.getOperands())) + ")";
  }

  @Override
  protected String visitNullIfExpression(NullIfExpression node, Void context) {
    return "NULLIF(" + write(node.getFirst()) + ", " + write(node.getSecond()) + ")";
  }

  @Override
  protected String visitTryExpression(TryExpression node, Void context) {
    return "TRY(" + write(node.getInnerExpression()) + ")";
  }

  @Override
  protected String visitArray(Array node, Void context) {
    return "[" + String.join(", ", writeAll(node.getValues())) + "]";
  }

  @Override
  protected String visitSubscriptExpression(SubscriptExpression node, Void context) {
    return "(" + write(node.getBase()) + ")[" + write(node.getIndex()) + "]";
  }

  @Override
  protected String visitTrim(Trim node, Void context) {
    String fn =
        switch (node.getSpecification()) {
          case BOTH -> "trim";
          case LEADING -> "ltrim";
          case TRAILING -> "rtrim";
        };
    return fn
        + "("
        + write(node.getTrimSource())
        + node.getTrimCharacter().map(c -> ", " + write(c)).orElse("")
        + ")";
  }

  @Override
  protected String visitExtract(Extract node, Void context) {
    String field =
        switch (node.getField()) {
          case YEAR -> "year";
          case QUARTER -> "quarter";
          case MONTH -> "month";
          case WEEK -> "week";
          case DAY, DAY_OF_MONTH -> "day";
          case DAY_OF_WEEK, DOW -> "isodow";
          case DAY_OF_YEAR, DOY -> "doy";
          case YEAR_OF_WEEK, YOW -> "isoyear";
          case HOUR -> "hour";
          case MINUTE -> "minute";
          case SECOND -> "second";
          default -> throw SqlTranslator.fail(QueryFailure.notSupported(node, "EXTRACT of a zone"));
        };
    return "extract(" + field + " FROM " + write(node.getExpression()) + ")";
  }

  @Override
  protected String visitAtTimeZone(AtTimeZone node, Void context) {
    if (!(node.getTimeZone() instanceof StringLiteral zone)
        || !UTC_NAMES.contains(zone.getValue().trim().toUpperCase(Locale.ROOT))) {
      throw SqlTranslator.fail(
          QueryFailure.notSupported(node, "AT TIME ZONE other than 'UTC' (the session zone)"));
    }
    // the session zone is UTC: the instant is unchanged, only its type becomes zoned
    return "CAST(" + write(node.getValue()) + " AS TIMESTAMPTZ)";
  }

  @Override
  protected String visitFunctionCall(FunctionCall node, Void context) {
    return functions.write(node);
  }

  private static int scale(String decimal) {
    int dot = decimal.indexOf('.');
    return dot < 0 ? 0 : decimal.length() - dot - 1;
  }
}
