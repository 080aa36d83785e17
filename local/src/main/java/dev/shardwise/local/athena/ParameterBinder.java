package dev.shardwise.local.athena;

import io.trino.sql.parser.ParsingException;
import io.trino.sql.parser.SqlParser;
import io.trino.sql.tree.ArithmeticUnaryExpression;
import io.trino.sql.tree.BooleanLiteral;
import io.trino.sql.tree.DecimalLiteral;
import io.trino.sql.tree.DefaultTraversalVisitor;
import io.trino.sql.tree.DoubleLiteral;
import io.trino.sql.tree.Expression;
import io.trino.sql.tree.GenericLiteral;
import io.trino.sql.tree.IntervalLiteral;
import io.trino.sql.tree.LongLiteral;
import io.trino.sql.tree.Node;
import io.trino.sql.tree.NullLiteral;
import io.trino.sql.tree.Parameter;
import io.trino.sql.tree.StringLiteral;
import io.trino.sql.tree.TimestampLiteral;
import java.util.ArrayList;
import java.util.List;

/**
 * Athena execution parameters: each a SQL literal, applied in order to the statement's {@code ?}.
 * They are parsed as expressions and must be literals, so a parameter can never change the shape of
 * the statement.
 */
final class ParameterBinder {
  private ParameterBinder() {}

  static List<Expression> bind(Node statement, List<String> executionParameters)
      throws QueryFailure {
    int expected = countParameters(statement);
    if (expected != executionParameters.size()) {
      throw QueryFailure.user(
          "INVALID_PARAMETER_USAGE",
          "Incorrect number of parameters: expected "
              + expected
              + " but found "
              + executionParameters.size());
    }
    List<Expression> out = new ArrayList<>();
    SqlParser parser = new SqlParser();
    for (int i = 0; i < executionParameters.size(); i++) {
      String text = executionParameters.get(i);
      Expression e;
      try {
        e = parser.createExpression(text);
      } catch (ParsingException ex) {
        throw QueryFailure.user(
            "INVALID_PARAMETER_USAGE",
            "Execution parameter " + (i + 1) + " is not a SQL literal: " + ex.getErrorMessage());
      }
      if (!isLiteral(e)) {
        throw QueryFailure.user(
            "INVALID_PARAMETER_USAGE",
            "Execution parameter "
                + (i + 1)
                + " must be a literal (a quoted string, a number, "
                + "true/false, NULL or a typed literal such as DATE '2026-11-21'): "
                + text);
      }
      out.add(e);
    }
    return out;
  }

  static int countParameters(Node statement) {
    int[] n = {0};
    new DefaultTraversalVisitor<Void>() {
      @Override
      protected Void visitParameter(Parameter node, Void context) {
        n[0]++;
        return null;
      }
    }.process(statement, null);
    return n[0];
  }

  private static boolean isLiteral(Expression e) {
    if (e instanceof ArithmeticUnaryExpression u) {
      return u.getValue() instanceof LongLiteral
          || u.getValue() instanceof DoubleLiteral
          || u.getValue() instanceof DecimalLiteral;
    }
    return e instanceof StringLiteral
        || e instanceof LongLiteral
        || e instanceof DoubleLiteral
        || e instanceof DecimalLiteral
        || e instanceof BooleanLiteral
        || e instanceof NullLiteral
        || e instanceof GenericLiteral
        || e instanceof TimestampLiteral
        || e instanceof IntervalLiteral;
  }
}
