package dev.shardwise.consumer.definitions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shardwise.consumer.definitions.AlarmRule.State;
import dev.shardwise.consumer.definitions.MathExpression.Binary;
import dev.shardwise.consumer.definitions.MathExpression.Op;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExpressionParsingTest {

  @Test
  void rule_notBindsTighterThanAndThanOr() {
    AlarmRule r = AlarmRule.parse("ALARM(a) OR NOT OK(\"b c\") AND INSUFFICIENT_DATA(d)");
    Map<String, State> states =
        Map.of("a", State.OK, "b c", State.ALARM, "d", State.INSUFFICIENT_DATA);
    // a is OK, so the OR needs (NOT OK(b c)) AND INSUFFICIENT_DATA(d): true AND true
    assertThat(r.test(states::get)).isTrue();
    assertThat(r.alarmNames()).containsExactly("a", "b c", "d");
    assertThat(AlarmRule.parse("(TRUE OR FALSE) AND FALSE").test(n -> State.OK)).isFalse();
  }

  @Test
  void rule_errorsSayWhere() {
    assertThatThrownBy(() -> AlarmRule.parse("ALARM(a) OR"))
        .hasMessageContaining("character 12")
        .hasMessageContaining("expected ALARM(...)");
    assertThatThrownBy(() -> AlarmRule.parse("ALARM(\"a)")).hasMessageContaining("unterminated");
    assertThatThrownBy(() -> AlarmRule.parse("ALARMS(a)")).hasMessageContaining("expected");
  }

  @Test
  void math_precedenceIsArithmeticThenComparisonThenLogic() {
    MathExpression e = MathExpression.parse("100 * a / b > 1 AND -c ^ 2 <= 3");
    assertThat(e).isInstanceOf(Binary.class);
    Binary and = (Binary) e;
    assertThat(and.op()).isEqualTo(Op.AND);
    Binary gt = (Binary) and.left();
    assertThat(gt.op()).isEqualTo(Op.GT);
    assertThat(((Binary) gt.left()).op()).isEqualTo(Op.DIV);
    assertThat(e.references()).containsExactly("a", "b", "c");
  }

  @Test
  void math_functionsCheckTheirArguments() {
    assertThat(MathExpression.parse("IF(FILL(a, 0) > 0, 1, 0)").references()).containsExactly("a");
    assertThatThrownBy(() -> MathExpression.parse("FILL(a)"))
        .hasMessageContaining("FILL does not take 1 argument");
    assertThatThrownBy(() -> MathExpression.parse("a +")).hasMessageContaining("expected a number");
  }

  @Test
  void statistic_parsesTheApiNames() {
    assertThat(Statistic.parse("SampleCount")).isEqualTo(Statistic.SAMPLE_COUNT);
    assertThat(Statistic.parse("p99").percentile()).isEqualTo(99.0);
    assertThat(Statistic.parse("p99.9").apiName()).isEqualTo("p99.9");
    assertThatThrownBy(() -> Statistic.parse("p100"))
        .hasMessageContaining("unknown statistic p100");
    assertThatThrownBy(() -> Statistic.parse("sum")).hasMessageContaining("expected Sum, Average");
  }
}
