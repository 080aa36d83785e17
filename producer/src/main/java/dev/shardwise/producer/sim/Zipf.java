package dev.shardwise.producer.sim;

import java.util.Arrays;
import java.util.random.RandomGenerator;

/** Draws ranks 0..n-1 with probability proportional to {@code 1 / (rank + 1)^exponent}. */
final class Zipf {
  private final double[] cdf;
  private final double[] probability;

  Zipf(int n, double exponent) {
    if (n < 1 || exponent <= 0) {
      throw new IllegalArgumentException("need n >= 1 and exponent > 0");
    }
    cdf = new double[n];
    probability = new double[n];
    double sum = 0;
    for (int i = 0; i < n; i++) {
      sum += 1.0 / Math.pow(i + 1, exponent);
      cdf[i] = sum;
    }
    for (int i = 0; i < n; i++) {
      probability[i] = (1.0 / Math.pow(i + 1, exponent)) / sum;
      cdf[i] /= sum;
    }
    cdf[n - 1] = 1.0;
  }

  int sample(RandomGenerator random) {
    int i = Arrays.binarySearch(cdf, random.nextDouble());
    return i >= 0 ? i : Math.min(-i - 1, cdf.length - 1);
  }

  double probability(int rank) {
    return probability[rank];
  }

  int size() {
    return cdf.length;
  }
}
