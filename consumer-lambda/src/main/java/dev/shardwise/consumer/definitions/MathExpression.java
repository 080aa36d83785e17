package dev.shardwise.consumer.definitions;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A metric-math expression, parsed. The subset of CloudWatch metric math an alarm needs: numbers,
 * ids of other lines, {@code + - * / ^}, unary minus, comparisons ({@code == != < <= > >=}), {@code
 * AND}/{@code &&}, {@code OR}/{@code ||}, parentheses and the functions {@code FILL(ts, number)},
 * {@code IF(condition, a[, b])} and {@code ABS(ts)}. Functions are written in upper case, ids start
 * with a lower-case letter. The evaluator applies CloudWatch's per-timestamp rules (missing values
 * are 0 in arithmetic; a division by zero drops the datapoint).
 */
public sealed interface MathExpression {

  /** The operators, loosest first within each precedence level. */
  enum Op {
    OR("OR"),
    AND("AND"),
    EQ("=="),
    NE("!="),
    LT("<"),
    LE("<="),
    GT(">"),
    GE(">="),
    ADD("+"),
    SUB("-"),
    MUL("*"),
    DIV("/"),
    POW("^");

    private final String symbol;

    Op(String symbol) {
      this.symbol = symbol;
    }

    public String symbol() {
      return symbol;
    }
  }

  record Number(double value) implements MathExpression {}

  /** Another line of the alarm, by id. */
  record Ref(String id) implements MathExpression {}

  record Negate(MathExpression operand) implements MathExpression {}

  record Binary(Op op, MathExpression left, MathExpression right) implements MathExpression {}

  /** {@code FILL}, {@code IF} or {@code ABS}. */
  record Call(String function, List<MathExpression> args) implements MathExpression {
    public Call {
      args = List.copyOf(args);
    }
  }

  /** The ids the expression reads. */
  default Set<String> references() {
    Set<String> out = new LinkedHashSet<>();
    collect(this, out);
    return out;
  }

  private static void collect(MathExpression e, Set<String> out) {
    if (e instanceof Ref r) {
      out.add(r.id());
    } else if (e instanceof Negate n) {
      collect(n.operand(), out);
    } else if (e instanceof Binary b) {
      collect(b.left(), out);
      collect(b.right(), out);
    } else if (e instanceof Call c) {
      c.args().forEach(a -> collect(a, out));
    }
  }

  /**
   * Parses an expression.
   *
   * @throws IllegalArgumentException with the position and what was expected
   */
  static MathExpression parse(String text) {
    return new Parser(text).parseAll();
  }

  /** Recursive descent: OR, AND, comparison, additive, multiplicative, power, unary, primary. */
  final class Parser {
    private static final Set<String> FUNCTIONS = Set.of("FILL", "IF", "ABS");

    private final String s;
    private int i;

    private Parser(String s) {
      if (s == null || s.isBlank()) {
        throw new IllegalArgumentException("the expression is empty");
      }
      this.s = s;
    }

    MathExpression parseAll() {
      MathExpression e = or();
      skipSpace();
      if (i < s.length()) {
        throw error("unexpected '" + s.charAt(i) + "'");
      }
      return e;
    }

    private MathExpression or() {
      MathExpression left = and();
      while (word("OR") || symbol("||")) {
        left = new Binary(Op.OR, left, and());
      }
      return left;
    }

    private MathExpression and() {
      MathExpression left = comparison();
      while (word("AND") || symbol("&&")) {
        left = new Binary(Op.AND, left, comparison());
      }
      return left;
    }

    private MathExpression comparison() {
      MathExpression left = additive();
      while (true) {
        Op op;
        if (symbol("==")) {
          op = Op.EQ;
        } else if (symbol("!=")) {
          op = Op.NE;
        } else if (symbol("<=")) {
          op = Op.LE;
        } else if (symbol(">=")) {
          op = Op.GE;
        } else if (symbol("<")) {
          op = Op.LT;
        } else if (symbol(">")) {
          op = Op.GT;
        } else {
          return left;
        }
        left = new Binary(op, left, additive());
      }
    }

    private MathExpression additive() {
      MathExpression left = multiplicative();
      while (true) {
        if (symbol("+")) {
          left = new Binary(Op.ADD, left, multiplicative());
        } else if (symbol("-")) {
          left = new Binary(Op.SUB, left, multiplicative());
        } else {
          return left;
        }
      }
    }

    private MathExpression multiplicative() {
      MathExpression left = power();
      while (true) {
        if (symbol("*")) {
          left = new Binary(Op.MUL, left, power());
        } else if (symbol("/")) {
          left = new Binary(Op.DIV, left, power());
        } else {
          return left;
        }
      }
    }

    private MathExpression power() {
      MathExpression base = unary();
      if (symbol("^")) {
        return new Binary(Op.POW, base, power());
      }
      return base;
    }

    private MathExpression unary() {
      if (symbol("-")) {
        return new Negate(unary());
      }
      return primary();
    }

    private MathExpression primary() {
      skipSpace();
      if (i >= s.length()) {
        throw error("expected a number, an id, a function or (");
      }
      char c = s.charAt(i);
      if (c == '(') {
        i++;
        MathExpression inner = or();
        expect(')');
        return inner;
      }
      if (Character.isDigit(c) || c == '.') {
        int start = i;
        while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
          i++;
        }
        try {
          return new Number(Double.parseDouble(s.substring(start, i)));
        } catch (NumberFormatException e) {
          throw error("bad number " + s.substring(start, i));
        }
      }
      if (Character.isLetter(c)) {
        int start = i;
        while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_')) {
          i++;
        }
        String name = s.substring(start, i);
        if (Character.isLowerCase(name.charAt(0))) {
          return new Ref(name);
        }
        if (!FUNCTIONS.contains(name)) {
          throw error(
              "unsupported function "
                  + name
                  + " (supported: FILL, IF, ABS; ids start with a lower-case letter)");
        }
        expect('(');
        List<MathExpression> args = new ArrayList<>();
        args.add(or());
        while (symbol(",")) {
          args.add(or());
        }
        expect(')');
        checkArity(name, args.size());
        return new Call(name, args);
      }
      throw error("unexpected '" + c + "'");
    }

    private void checkArity(String fn, int n) {
      boolean ok =
          switch (fn) {
            case "FILL" -> n == 2;
            case "IF" -> n == 2 || n == 3;
            default -> n == 1;
          };
      if (!ok) {
        throw error(fn + " does not take " + n + " argument" + (n == 1 ? "" : "s"));
      }
    }

    private boolean word(String w) {
      skipSpace();
      int end = i + w.length();
      if (s.startsWith(w, i) && (end >= s.length() || !Character.isLetterOrDigit(s.charAt(end)))) {
        i = end;
        return true;
      }
      return false;
    }

    private boolean symbol(String sym) {
      skipSpace();
      if (s.startsWith(sym, i)) {
        i += sym.length();
        return true;
      }
      return false;
    }

    private void expect(char c) {
      skipSpace();
      if (i >= s.length() || s.charAt(i) != c) {
        throw error("expected '" + c + "'");
      }
      i++;
    }

    private void skipSpace() {
      while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
        i++;
      }
    }

    private IllegalArgumentException error(String what) {
      return new IllegalArgumentException(
          String.format(Locale.ROOT, "expression at character %d: %s", i + 1, what));
    }
  }
}
