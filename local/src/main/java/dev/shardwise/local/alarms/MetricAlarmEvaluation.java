package dev.shardwise.local.alarms;

import dev.shardwise.consumer.definitions.ComparisonOperator;
import dev.shardwise.consumer.definitions.TreatMissingData;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * CloudWatch's decision for one evaluation of a metric alarm, from the datapoints of its evaluation
 * range (docs/alarms.md has the rules with the documentation they come from):
 *
 * <ol>
 *   <li>The range holds more periods than the alarm's N (evaluation periods): {@link
 *       #evaluationRange(int)}.
 *   <li>With at least N real datapoints in the range, the N most recent decide: ALARM if at least M
 *       (datapoints to alarm) breach, OK otherwise. The missing-data treatment is not used.
 *   <li>With none, the treatment decides alone: INSUFFICIENT_DATA, keep the state, ALARM or OK.
 *   <li>With fewer than N, every real datapoint counts and N minus their number is filled with the
 *       treatment: breaching fills count as breaching; notBreaching fills as not; missing and
 *       ignore fill with nothing, except that the alarm goes to ALARM early ("premature alarm")
 *       when every real datapoint breaches and the oldest is at least M periods old; otherwise a
 *       non-breaching real datapoint gives OK and only breaching ones (too few, too recent) give
 *       INSUFFICIENT_DATA (missing) or keep the state (ignore).
 * </ol>
 *
 * Pure and thread-safe.
 */
public final class MetricAlarmEvaluation {
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("dd/MM/yy HH:mm:ss").withZone(ZoneOffset.UTC);

  private MetricAlarmEvaluation() {}

  /**
   * How many periods an alarm with {@code evaluationPeriods} retrieves. CloudWatch documents only
   * that it is more than N (5 for N = 3 in its examples); we use N + max(2, N / 3).
   */
  public static int evaluationRange(int evaluationPeriods) {
    return evaluationPeriods + Math.max(2, evaluationPeriods / 3);
  }

  /** The alarm settings the decision needs. */
  public record Settings(
      int evaluationPeriods,
      int datapointsToAlarm,
      double threshold,
      ComparisonOperator comparison,
      TreatMissingData treatMissingData) {}

  /**
   * Decides one evaluation.
   *
   * @param s the alarm's settings
   * @param range the range's periods, newest first: a datapoint, or {@code null} where missing
   */
  public static Outcome evaluate(Settings s, List<Datapoint> range) {
    int n = s.evaluationPeriods();
    int m = s.datapointsToAlarm();
    List<Datapoint> real = new ArrayList<>();
    int oldestRealAge = -1;
    for (int age = 0; age < range.size(); age++) {
      if (range.get(age) != null) {
        real.add(range.get(age));
        oldestRealAge = age;
      }
    }
    if (real.isEmpty()) {
      return allMissing(s);
    }
    if (real.size() >= n) {
      List<Datapoint> used = real.subList(0, n);
      return thresholdOutcome(s, used, 0, null);
    }
    int fill = n - real.size();
    int breaching = countBreaching(s, real);
    switch (s.treatMissingData()) {
      case BREACHING:
        return thresholdOutcome(s, real, fill, "Breaching");
      case NOT_BREACHING:
        return thresholdOutcome(s, real, fill, "NonBreaching");
      default:
        break;
    }
    if (breaching >= m) {
      return thresholdOutcome(s, real, 0, null);
    }
    boolean allBreach = breaching == real.size();
    if (allBreach && oldestRealAge + 1 >= m) {
      if (s.treatMissingData() == TreatMissingData.IGNORE) {
        return new Outcome(null, "", real);
      }
      return new Outcome(AlarmState.ALARM, reason(s, real, true, fill, "Missing"), real);
    }
    if (!allBreach) {
      return thresholdOutcome(s, real, 0, null);
    }
    if (s.treatMissingData() == TreatMissingData.IGNORE) {
      return new Outcome(null, "", real);
    }
    return new Outcome(
        AlarmState.INSUFFICIENT_DATA,
        "Insufficient Data: " + fill + " datapoint" + (fill == 1 ? " was" : "s were") + " unknown.",
        real);
  }

  private static Outcome allMissing(Settings s) {
    int n = s.evaluationPeriods();
    String received =
        "no datapoints were received for "
            + n
            + " period"
            + (n == 1 ? "" : "s")
            + " and "
            + n
            + " missing datapoint"
            + (n == 1 ? " was" : "s were")
            + " treated as ";
    return switch (s.treatMissingData()) {
      case MISSING ->
          new Outcome(
              AlarmState.INSUFFICIENT_DATA,
              "Insufficient Data: " + n + " datapoint" + (n == 1 ? " was" : "s were") + " unknown.",
              List.of());
      case IGNORE -> new Outcome(null, "", List.of());
      case BREACHING ->
          new Outcome(
              AlarmState.ALARM, "Threshold Crossed: " + received + "[Breaching].", List.of());
      case NOT_BREACHING ->
          new Outcome(
              AlarmState.OK, "Threshold Crossed: " + received + "[NonBreaching].", List.of());
    };
  }

  /**
   * ALARM when the real breaching datapoints plus (for {@code Breaching}) the filled ones reach M;
   * OK otherwise.
   */
  private static Outcome thresholdOutcome(
      Settings s, List<Datapoint> real, int fill, String filledAs) {
    int breaching = countBreaching(s, real) + ("Breaching".equals(filledAs) ? fill : 0);
    boolean alarm = breaching >= s.datapointsToAlarm();
    return new Outcome(
        alarm ? AlarmState.ALARM : AlarmState.OK, reason(s, real, alarm, fill, filledAs), real);
  }

  private static int countBreaching(Settings s, List<Datapoint> points) {
    int b = 0;
    for (Datapoint d : points) {
      if (s.comparison().breaches(d.value(), s.threshold())) {
        b++;
      }
    }
    return b;
  }

  /**
   * The state reason. ALARM lists the breaching datapoints, OK the non-breaching ones, newest
   * first, with the period's start as CloudWatch prints it ({@code 5.0 (22/11/26 10:15:00)}).
   */
  static String reason(Settings s, List<Datapoint> real, boolean alarm, int fill, String filledAs) {
    int n = s.evaluationPeriods();
    List<Datapoint> listed =
        real.stream()
            .filter(d -> s.comparison().breaches(d.value(), s.threshold()) == alarm)
            .toList();
    String missing =
        fill == 0 || filledAs == null
            ? ""
            : " and "
                + fill
                + " missing datapoint"
                + (fill == 1 ? " was" : "s were")
                + " treated as ["
                + filledAs
                + "]";
    if (listed.isEmpty()) {
      int r = real.size();
      return "Threshold Crossed: "
          + r
          + " datapoint"
          + (r == 1 ? " was" : "s were")
          + " received for "
          + n
          + " period"
          + (n == 1 ? "" : "s")
          + missing
          + ".";
    }
    int minimum = alarm ? s.datapointsToAlarm() : n - s.datapointsToAlarm() + 1;
    return "Threshold Crossed: "
        + listed.size()
        + " out of the last "
        + n
        + " datapoints ["
        + listed.stream().map(MetricAlarmEvaluation::format).collect(Collectors.joining(", "))
        + "] "
        + (listed.size() == 1 ? "was " : "were ")
        + (alarm ? "" : "not ")
        + s.comparison().phrase()
        + " the threshold ("
        + s.threshold()
        + ")"
        + missing
        + " (minimum "
        + minimum
        + " datapoint"
        + (minimum == 1 ? "" : "s")
        + " for "
        + (alarm ? "OK -> ALARM" : "ALARM -> OK")
        + " transition).";
  }

  /** {@code 5.0 (22/11/26 10:15:00)}. */
  static String format(Datapoint d) {
    return d.value() + " (" + STAMP.format(d.timestamp()) + ")";
  }
}
