package dev.shardwise.consumer.definitions;

/** The comparison of an alarm's datapoint with its threshold, as CloudWatch names it. */
public enum ComparisonOperator {
  GREATER_THAN_OR_EQUAL_TO_THRESHOLD("GreaterThanOrEqualToThreshold", "greater than or equal to"),
  GREATER_THAN_THRESHOLD("GreaterThanThreshold", "greater than"),
  LESS_THAN_THRESHOLD("LessThanThreshold", "less than"),
  LESS_THAN_OR_EQUAL_TO_THRESHOLD("LessThanOrEqualToThreshold", "less than or equal to");

  private final String apiName;
  private final String phrase;

  ComparisonOperator(String apiName, String phrase) {
    this.apiName = apiName;
    this.phrase = phrase;
  }

  /** The name in {@code PutMetricAlarm} ({@code GreaterThanThreshold}). */
  public String apiName() {
    return apiName;
  }

  /** How CloudWatch's state reasons say it ({@code greater than or equal to}). */
  public String phrase() {
    return phrase;
  }

  /** Whether {@code value} breaches {@code threshold}. */
  public boolean breaches(double value, double threshold) {
    return switch (this) {
      case GREATER_THAN_OR_EQUAL_TO_THRESHOLD -> value >= threshold;
      case GREATER_THAN_THRESHOLD -> value > threshold;
      case LESS_THAN_THRESHOLD -> value < threshold;
      case LESS_THAN_OR_EQUAL_TO_THRESHOLD -> value <= threshold;
    };
  }

  /** The operator named {@code apiName}, or {@code null}. */
  public static ComparisonOperator fromApiName(String apiName) {
    for (ComparisonOperator op : values()) {
      if (op.apiName.equals(apiName)) {
        return op;
      }
    }
    return null;
  }
}
