package dev.shardwise.local.alarms;

import dev.shardwise.consumer.definitions.MathExpression;
import dev.shardwise.consumer.definitions.MathExpression.Binary;
import dev.shardwise.consumer.definitions.MathExpression.Call;
import dev.shardwise.consumer.definitions.MathExpression.Negate;
import dev.shardwise.consumer.definitions.MathExpression.Number;
import dev.shardwise.consumer.definitions.MathExpression.Ref;
import java.util.Map;
import java.util.function.DoubleBinaryOperator;

/**
 * Evaluates a metric-math expression over aligned time series (one slot per period, {@code null}
 * where a series has no datapoint), with CloudWatch's rules: in arithmetic and comparisons a value
 * missing from one series is 0 while the other has one, and a slot missing from both stays missing;
 * an operation with a number keeps missing slots missing; a division by zero drops the slot; {@code
 * FILL(ts, n)} fills every missing slot with n; {@code IF(c, a, b)} takes a where c is non-zero, b
 * (or nothing) where it is zero, and nothing where c is missing. Pure.
 */
public final class MetricMath {
  private MetricMath() {}

  /** A value: a number or a series. */
  private record Value(Double scalar, Double[] series) {
    static Value of(double d) {
      return new Value(d, null);
    }

    boolean isScalar() {
      return series == null;
    }

    Double at(int i) {
      return isScalar() ? scalar : series[i];
    }
  }

  /**
   * Evaluates {@code e} over {@code slots} periods.
   *
   * @param series each referenced id's series, {@code slots} long
   * @return the result series, {@code slots} long
   */
  public static Double[] evaluate(MathExpression e, Map<String, Double[]> series, int slots) {
    Value v = eval(e, series, slots);
    if (v.isScalar()) {
      throw new IllegalArgumentException("the expression yields a number, not a time series");
    }
    return v.series();
  }

  private static Value eval(MathExpression e, Map<String, Double[]> series, int slots) {
    if (e instanceof Number n) {
      return Value.of(n.value());
    }
    if (e instanceof Ref r) {
      Double[] s = series.get(r.id());
      if (s == null) {
        throw new IllegalArgumentException("no series for id " + r.id());
      }
      return new Value(null, s);
    }
    if (e instanceof Negate n) {
      return map(eval(n.operand(), series, slots), slots, x -> -x);
    }
    if (e instanceof Binary b) {
      return binary(b, eval(b.left(), series, slots), eval(b.right(), series, slots), slots);
    }
    Call c = (Call) e;
    return switch (c.function()) {
      case "ABS" -> map(eval(c.args().get(0), series, slots), slots, Math::abs);
      case "FILL" ->
          fill(eval(c.args().get(0), series, slots), eval(c.args().get(1), series, slots), slots);
      default -> conditional(c, series, slots);
    };
  }

  private static Value map(Value v, int slots, java.util.function.DoubleUnaryOperator f) {
    if (v.isScalar()) {
      return Value.of(f.applyAsDouble(v.scalar()));
    }
    Double[] out = new Double[slots];
    for (int i = 0; i < slots; i++) {
      out[i] = v.at(i) == null ? null : f.applyAsDouble(v.at(i));
    }
    return new Value(null, out);
  }

  private static Value fill(Value ts, Value with, int slots) {
    Double[] out = new Double[slots];
    for (int i = 0; i < slots; i++) {
      out[i] = ts.at(i) != null ? ts.at(i) : with.at(i);
    }
    return new Value(null, out);
  }

  private static Value conditional(Call c, Map<String, Double[]> series, int slots) {
    Value cond = eval(c.args().get(0), series, slots);
    Value yes = eval(c.args().get(1), series, slots);
    Value no = c.args().size() > 2 ? eval(c.args().get(2), series, slots) : null;
    Double[] out = new Double[slots];
    for (int i = 0; i < slots; i++) {
      Double k = cond.at(i);
      if (k != null) {
        out[i] = k != 0 ? yes.at(i) : no == null ? null : no.at(i);
      }
    }
    return new Value(null, out);
  }

  private static Value binary(Binary b, Value l, Value r, int slots) {
    DoubleBinaryOperator f = operator(b.op());
    if (l.isScalar() && r.isScalar()) {
      double v = f.applyAsDouble(l.scalar(), r.scalar());
      return Value.of(v);
    }
    boolean bothSeries = !l.isScalar() && !r.isScalar();
    Double[] out = new Double[slots];
    for (int i = 0; i < slots; i++) {
      Double a = l.at(i);
      Double c = r.at(i);
      if (a == null && c == null) {
        continue;
      }
      if (a == null || c == null) {
        if (!bothSeries) {
          continue;
        }
        a = a == null ? 0.0 : a;
        c = c == null ? 0.0 : c;
      }
      if (b.op() == MathExpression.Op.DIV && c == 0) {
        continue;
      }
      double v = f.applyAsDouble(a, c);
      out[i] = Double.isFinite(v) ? v : null;
    }
    return new Value(null, out);
  }

  private static DoubleBinaryOperator operator(MathExpression.Op op) {
    return switch (op) {
      case ADD -> (a, b) -> a + b;
      case SUB -> (a, b) -> a - b;
      case MUL -> (a, b) -> a * b;
      case DIV -> (a, b) -> a / b;
      case POW -> Math::pow;
      case EQ -> (a, b) -> a == b ? 1 : 0;
      case NE -> (a, b) -> a != b ? 1 : 0;
      case LT -> (a, b) -> a < b ? 1 : 0;
      case LE -> (a, b) -> a <= b ? 1 : 0;
      case GT -> (a, b) -> a > b ? 1 : 0;
      case GE -> (a, b) -> a >= b ? 1 : 0;
      case AND -> (a, b) -> a != 0 && b != 0 ? 1 : 0;
      case OR -> (a, b) -> a != 0 || b != 0 ? 1 : 0;
    };
  }
}
