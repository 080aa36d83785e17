package dev.shardwise.consumer.definitions;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A CloudWatch statistic: one of the five simple ones ({@code Sum}, {@code Average}, {@code
 * Maximum}, {@code Minimum}, {@code SampleCount}) or a percentile {@code pNN.NN} (an "extended
 * statistic" in the API, which CloudWatch computes only from raw values that are not negative).
 *
 * @param kind which statistic
 * @param percentile for {@link Kind#PERCENTILE}, the percentile in (0, 100); otherwise 0
 */
public record Statistic(Kind kind, double percentile) {

  /** The statistics CloudWatch computes per period. */
  public enum Kind {
    SUM("Sum"),
    AVERAGE("Average"),
    MAXIMUM("Maximum"),
    MINIMUM("Minimum"),
    SAMPLE_COUNT("SampleCount"),
    PERCENTILE(null);

    private final String apiName;

    Kind(String apiName) {
      this.apiName = apiName;
    }
  }

  private static final Pattern PERCENTILE_NAME = Pattern.compile("p(\\d{1,2}(?:\\.\\d{1,2})?)");

  public static final Statistic SUM = new Statistic(Kind.SUM, 0);
  public static final Statistic AVERAGE = new Statistic(Kind.AVERAGE, 0);
  public static final Statistic MAXIMUM = new Statistic(Kind.MAXIMUM, 0);
  public static final Statistic MINIMUM = new Statistic(Kind.MINIMUM, 0);
  public static final Statistic SAMPLE_COUNT = new Statistic(Kind.SAMPLE_COUNT, 0);

  public Statistic {
    if (kind == null) {
      throw new IllegalArgumentException("kind is required");
    }
    if (kind == Kind.PERCENTILE ? !(percentile > 0 && percentile < 100) : percentile != 0) {
      throw new IllegalArgumentException("percentile out of range for " + kind + ": " + percentile);
    }
  }

  /** A percentile statistic, {@code p} in (0, 100). */
  public static Statistic percentile(double p) {
    return new Statistic(Kind.PERCENTILE, p);
  }

  /**
   * Parses {@code Sum}, {@code Average}, {@code Maximum}, {@code Minimum}, {@code SampleCount} or
   * {@code pNN.NN} (up to two decimals, as CloudWatch accepts).
   *
   * @throws IllegalArgumentException naming what was given and what is accepted
   */
  public static Statistic parse(String name) {
    if (name != null) {
      for (Kind k : Kind.values()) {
        if (k.apiName != null && k.apiName.equals(name)) {
          return new Statistic(k, 0);
        }
      }
      Matcher m = PERCENTILE_NAME.matcher(name);
      if (m.matches()) {
        double p = Double.parseDouble(m.group(1));
        if (p > 0 && p < 100) {
          return percentile(p);
        }
      }
    }
    throw new IllegalArgumentException(
        "unknown statistic "
            + name
            + ": expected Sum, Average, Maximum, Minimum, SampleCount or a percentile pNN.NN");
  }

  /** Whether this is a percentile ({@code ExtendedStatistic} in the API). */
  public boolean isPercentile() {
    return kind == Kind.PERCENTILE;
  }

  /** The name as the API writes it: {@code Sum}, {@code p99}, {@code p99.9}. */
  public String apiName() {
    if (kind != Kind.PERCENTILE) {
      return kind.apiName;
    }
    String s = String.format(Locale.ROOT, "%.2f", percentile);
    s = s.replaceAll("0+$", "").replaceAll("\\.$", "");
    return "p" + s;
  }

  @Override
  public String toString() {
    return apiName();
  }
}
