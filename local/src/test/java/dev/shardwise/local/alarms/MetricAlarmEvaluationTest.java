package dev.shardwise.local.alarms;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shardwise.consumer.definitions.ComparisonOperator;
import dev.shardwise.consumer.definitions.TreatMissingData;
import dev.shardwise.local.alarms.MetricAlarmEvaluation.Settings;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The evaluator against CloudWatch's own examples ("Configuring how CloudWatch alarms treat missing
 * data" and "Avoiding premature transitions to alarm state" in the CloudWatch user guide). Each row
 * is the data of the 5-period evaluation range, oldest first as in the guide: 0 is a non-breaching
 * datapoint, X a breaching one, - a missing one. "keep" means the alarm keeps its state.
 */
class MetricAlarmEvaluationTest {
  static final Instant NOW = Instant.parse("2026-11-22T10:20:00Z");

  @ParameterizedTest(name = "3 of 3, [{0}], {1} -> {2}")
  @CsvSource({
    // Row 1: three real points (0, X, X) are enough, the treatment is not used; 2 breaching < 3.
    "0 - X - X, missing, OK",
    "0 - X - X, ignore, OK",
    "0 - X - X, breaching, OK",
    "0 - X - X, notBreaching, OK",
    // Row 2: one real non-breaching point plus two filled: even two breaching fills make only 2 <
    // 3.
    "0 - - - -, missing, OK",
    "0 - - - -, ignore, OK",
    "0 - - - -, breaching, OK",
    "0 - - - -, notBreaching, OK",
    // Row 3: nothing in the range: the treatment alone decides.
    "- - - - -, missing, INSUFFICIENT_DATA",
    "- - - - -, ignore, keep",
    "- - - - -, breaching, ALARM",
    "- - - - -, notBreaching, OK",
    // Row 4: the three most recent real points all breach.
    "0 X X - X, missing, ALARM",
    "0 X X - X, ignore, ALARM",
    "0 X X - X, breaching, ALARM",
    "0 X X - X, notBreaching, ALARM",
    // Row 5: premature alarm: the only point breaches and is 3 (= M) periods old.
    "- - X - -, missing, ALARM",
    "- - X - -, ignore, keep",
    "- - X - -, breaching, ALARM",
    "- - X - -, notBreaching, OK",
    // The premature section: a breaching point only 1 or 2 periods old waits for the next ones.
    "- - - - X, missing, INSUFFICIENT_DATA",
    "- - - - X, ignore, keep",
    "- - - X -, missing, INSUFFICIENT_DATA",
    // ...and once the next point is non-breaching the alarm is OK.
    "- - - X 0, missing, OK",
    // The older guide's sixth row: the oldest point breaches and nothing newer is non-breaching.
    "X - - - -, missing, ALARM",
    "X - - - -, ignore, keep",
  })
  void threeOutOfThree(String data, String treatment, String expected) {
    assertThat(state(3, 3, data, treatment)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "2 of 3, [{0}], {1} -> {2}")
  @CsvSource({
    // Row 1: three real points (0, X, X): 2 of them breach.
    "0 - X - X, missing, ALARM",
    "0 - X - X, ignore, ALARM",
    "0 - X - X, breaching, ALARM",
    "0 - X - X, notBreaching, ALARM",
    // Row 2: no missing point among the three most recent; the two older ones are not needed.
    "0 0 X 0 X, missing, ALARM",
    "0 0 X 0 X, notBreaching, ALARM",
    // Row 3: two real points (0, X), one filled: only a breaching fill reaches 2.
    "0 - X - -, missing, OK",
    "0 - X - -, ignore, OK",
    "0 - X - -, breaching, ALARM",
    "0 - X - -, notBreaching, OK",
    // Row 4: one real non-breaching point; two breaching fills make 2.
    "- - - - 0, missing, OK",
    "- - - - 0, ignore, OK",
    "- - - - 0, breaching, ALARM",
    "- - - - 0, notBreaching, OK",
    // Row 5: premature alarm: the only point breaches and is 2 (= M) periods old.
    "- - - X -, missing, ALARM",
    "- - - X -, ignore, keep",
    "- - - X -, breaching, ALARM",
    "- - - X -, notBreaching, OK",
  })
  void twoOutOfThree(String data, String treatment, String expected) {
    assertThat(state(3, 2, data, treatment)).isEqualTo(expected);
  }

  @Test
  void oneOfOne_rangeOfThree_usesAnOlderPointWhenTheNewestIsMissing() {
    // N = 1 retrieves 3 periods; the newest is missing, the one before breaches.
    assertThat(state(1, 1, "- X -", "notBreaching")).isEqualTo("ALARM");
    assertThat(MetricAlarmEvaluation.evaluationRange(1)).isEqualTo(3);
    assertThat(MetricAlarmEvaluation.evaluationRange(3)).isEqualTo(5);
    assertThat(MetricAlarmEvaluation.evaluationRange(9)).isEqualTo(12);
  }

  @Test
  void reason_alarm_listsTheBreachingDatapointsNewestFirst() {
    Outcome o = evaluate(1, 1, "0 - X", "missing", 5.0);
    assertThat(o.reason())
        .isEqualTo(
            "Threshold Crossed: 1 out of the last 1 datapoints [5.0 (22/11/26 10:19:00)] was greater than the"
                + " threshold (1.0) (minimum 1 datapoint for OK -> ALARM transition).");
  }

  @Test
  void reason_mOfN_countsEachSide() {
    Outcome alarm = evaluate(3, 2, "0 0 X 0 X", "missing", 5.0);
    assertThat(alarm.reason())
        .isEqualTo(
            "Threshold Crossed: 2 out of the last 3 datapoints [5.0 (22/11/26 10:19:00), 5.0 (22/11/26 10:17:00)]"
                + " were greater than the threshold (1.0) (minimum 2 datapoints for OK -> ALARM transition).");
    Outcome ok = evaluate(5, 3, "0 0 X 0 0", "missing", 5.0);
    assertThat(ok.reason())
        .isEqualTo(
            "Threshold Crossed: 4 out of the last 5 datapoints [0.0 (22/11/26 10:19:00), 0.0 (22/11/26 10:18:00),"
                + " 0.0 (22/11/26 10:16:00), 0.0 (22/11/26 10:15:00)] were not greater than the threshold (1.0)"
                + " (minimum 3 datapoints for ALARM -> OK transition).");
  }

  @Test
  void reason_missingData_saysHowItWasTreated() {
    assertThat(evaluate(3, 3, "- - - - -", "breaching", 5).reason())
        .isEqualTo(
            "Threshold Crossed: no datapoints were received for 3 periods and 3 missing datapoints were treated"
                + " as [Breaching].");
    assertThat(evaluate(1, 1, "- - -", "notBreaching", 5).reason())
        .isEqualTo(
            "Threshold Crossed: no datapoints were received for 1 period and 1 missing datapoint was treated as"
                + " [NonBreaching].");
    assertThat(evaluate(1, 1, "- - -", "missing", 5).reason())
        .isEqualTo("Insufficient Data: 1 datapoint was unknown.");
    assertThat(evaluate(3, 3, "- - - - X", "missing", 5).reason())
        .isEqualTo("Insufficient Data: 2 datapoints were unknown.");
    assertThat(evaluate(3, 2, "- - - - 0", "breaching", 5).reason())
        .isEqualTo(
            "Threshold Crossed: 1 datapoint was received for 3 periods and 2 missing datapoints were treated as [Breaching].");
    assertThat(evaluate(3, 1, "- - - X -", "notBreaching", 5).reason())
        .isEqualTo(
            "Threshold Crossed: 1 out of the last 3 datapoints [5.0 (22/11/26 10:18:00)] was greater than the"
                + " threshold (1.0) and 2 missing datapoints were treated as [NonBreaching] (minimum 1 datapoint"
                + " for OK -> ALARM transition).");
  }

  @Test
  void comparisons_useTheirOwnWords() {
    Settings s =
        new Settings(
            1,
            1,
            1.0,
            ComparisonOperator.LESS_THAN_OR_EQUAL_TO_THRESHOLD,
            TreatMissingData.MISSING);
    Outcome o = MetricAlarmEvaluation.evaluate(s, range("1", 1.0));
    assertThat(o.state()).isEqualTo(AlarmState.ALARM);
    assertThat(o.reason()).contains("was less than or equal to the threshold (1.0)");
  }

  private static String state(int n, int m, String data, String treatment) {
    Outcome o = evaluate(n, m, data, treatment, 5.0);
    return o.retains() ? "keep" : o.state().name();
  }

  private static Outcome evaluate(int n, int m, String data, String treatment, double breachValue) {
    Settings s =
        new Settings(
            n,
            m,
            1.0,
            ComparisonOperator.GREATER_THAN_THRESHOLD,
            TreatMissingData.fromApiName(treatment));
    return MetricAlarmEvaluation.evaluate(s, range(data, breachValue));
  }

  /** The guide's notation, oldest first, as datapoints newest first stamped one minute apart. */
  static List<Datapoint> range(String data, double breachValue) {
    String[] cells = data.trim().split("\\s+");
    List<Datapoint> out = new ArrayList<>();
    for (int age = 0; age < cells.length; age++) {
      String c = cells[cells.length - 1 - age];
      Instant start = NOW.minusSeconds(60L * (age + 1));
      out.add(
          switch (c) {
            case "-" -> null;
            case "0" -> new Datapoint(start, 0.0);
            case "X" -> new Datapoint(start, breachValue);
            default -> new Datapoint(start, Double.parseDouble(c));
          });
    }
    return out;
  }
}
