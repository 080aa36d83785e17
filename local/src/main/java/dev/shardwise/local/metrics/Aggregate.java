package dev.shardwise.local.metrics;

import dev.shardwise.consumer.definitions.Statistic;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;

/**
 * The samples of one metric in one span of time, kept as CloudWatch needs them for its statistics:
 * count, sum, minimum, maximum and the distribution of values (for percentiles). Bounded: past
 * {@link #MAX_DISTINCT} distinct values the distribution switches to logarithmic buckets 1 % wide
 * (doubling the width while still too many), so percentiles become approximate (relative error
 * about 0.5 %) while count, sum, minimum and maximum stay exact.
 *
 * <p>Not thread-safe; {@link MetricStore} guards it.
 */
public final class Aggregate {
  /** Distinct values kept exactly before the distribution is coarsened. */
  public static final int MAX_DISTINCT = 2048;

  private long count;
  private double sum;
  private double min = Double.POSITIVE_INFINITY;
  private double max = Double.NEGATIVE_INFINITY;
  private boolean negative;
  private final TreeMap<Double, Long> values = new TreeMap<>();

  /** 0 while exact; otherwise the ratio between bucket bounds (1.01, 1.02, ...). */
  private double gamma;

  public Aggregate() {}

  /**
   * An aggregate read back from storage: the distribution as stored, with the exact count, sum,
   * minimum and maximum that were stored beside it.
   */
  public static Aggregate restored(
      Map<Double, Long> distribution, double sum, double min, double max, boolean exact) {
    Aggregate a = new Aggregate();
    distribution.forEach(a::add);
    a.sum = sum;
    a.min = min;
    a.max = max;
    if (!exact && a.gamma == 0) {
      a.gamma = 1.01;
    }
    return a;
  }

  /** Adds one sample. */
  public void add(double v) {
    add(v, 1);
  }

  /** Adds {@code n} samples of value {@code v}. */
  public void add(double v, long n) {
    count += n;
    sum += v * n;
    min = Math.min(min, v);
    max = Math.max(max, v);
    negative |= v < 0;
    values.merge(round(v), n, Long::sum);
    if (values.size() > MAX_DISTINCT) {
      coarsen();
    }
  }

  /** Adds the samples of another aggregate. */
  public void merge(Aggregate o) {
    if (o.count == 0) {
      return;
    }
    count += o.count;
    sum += o.sum;
    min = Math.min(min, o.min);
    max = Math.max(max, o.max);
    negative |= o.negative;
    gamma = Math.max(gamma, o.gamma);
    for (Map.Entry<Double, Long> e : o.values.entrySet()) {
      values.merge(round(e.getKey()), e.getValue(), Long::sum);
    }
    if (values.size() > MAX_DISTINCT || o.gamma != 0) {
      recount();
    }
  }

  public long count() {
    return count;
  }

  public double sum() {
    return sum;
  }

  public double min() {
    return min;
  }

  public double max() {
    return max;
  }

  /** The distinct values and how often each occurred (rounded once coarsened). */
  public Map<Double, Long> distribution() {
    return java.util.Collections.unmodifiableMap(values);
  }

  /** Whether percentiles are exact (the distribution was never coarsened). */
  public boolean exact() {
    return gamma == 0;
  }

  /**
   * The statistic over these samples, or empty when there are none or, for a percentile, when a
   * value is negative (CloudWatch computes no percentiles for such metrics).
   *
   * <p>Percentiles are nearest-rank: the smallest value with at least p % of the samples at or
   * below it (p99 of 1..100 is 99, p50 of 1, 2, 3, 4 is 2).
   */
  public OptionalDouble value(Statistic stat) {
    if (count == 0) {
      return OptionalDouble.empty();
    }
    return switch (stat.kind()) {
      case SUM -> OptionalDouble.of(sum);
      case AVERAGE -> OptionalDouble.of(sum / count);
      case MAXIMUM -> OptionalDouble.of(max);
      case MINIMUM -> OptionalDouble.of(min);
      case SAMPLE_COUNT -> OptionalDouble.of(count);
      case PERCENTILE ->
          negative ? OptionalDouble.empty() : OptionalDouble.of(percentile(stat.percentile()));
    };
  }

  private double percentile(double p) {
    long rank = (long) Math.ceil(p / 100.0 * count);
    rank = Math.max(1, Math.min(count, rank));
    long seen = 0;
    for (Map.Entry<Double, Long> e : values.entrySet()) {
      seen += e.getValue();
      if (seen >= rank) {
        return Math.min(max, Math.max(min, e.getKey()));
      }
    }
    return max;
  }

  private void coarsen() {
    gamma = gamma == 0 ? 1.01 : 1 + 2 * (gamma - 1);
    recount();
  }

  private void recount() {
    Map<Double, Long> old = new TreeMap<>(values);
    values.clear();
    old.forEach((v, n) -> values.merge(round(v), n, Long::sum));
    if (values.size() > MAX_DISTINCT) {
      coarsen();
    }
  }

  /** The middle of the logarithmic bucket holding {@code v}; {@code v} itself while exact. */
  private double round(double v) {
    if (gamma == 0 || v == 0 || !Double.isFinite(v)) {
      return v;
    }
    double a = Math.abs(v);
    double upper = Math.pow(gamma, Math.ceil(Math.log(a) / Math.log(gamma)));
    double mid = (upper / gamma + upper) / 2;
    return Math.copySign(mid, v);
  }
}
