package dev.shardwise.core.detect.internal;

/**
 * Upper tails of event counts and of the normal distribution, in log space (the tails that matter
 * are 1e-7 and smaller, where {@code 1 - cdf} cancels to nothing).
 *
 * <p>Counts per window are judged as quasi-Poisson: a count {@code x} of a key with mean {@code m}
 * and dispersion {@code phi} (variance = phi × mean, phi ≥ 1) has the tail of {@code x / phi} under
 * a Poisson of mean {@code m / phi}. For small means the normal approximation is far off (a Poisson
 * of mean 5 reaches 5 standard deviations above its mean about 70 times more often than a normal
 * does), so a z threshold is applied as the tail probability it stands for: {@link #normalLogTail}.
 */
public final class CountTail {
  private static final double LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

  private CountTail() {}

  /**
   * {@code ln P(X >= x)} for {@code X ~ Poisson(mean)}, for {@code x > mean} (a count above its
   * mean); 0 (probability 1) otherwise. {@code x} may be fractional (a count scaled by its
   * dispersion): the tail is then the continuous extension through the gamma function.
   */
  public static double poissonLogUpperTail(double x, double mean) {
    if (!(x > mean) || mean <= 0) {
      return 0;
    }
    // P(X >= x) = sum_{k >= x} e^-m m^k / k!: first term in log space, then the ratio series
    double logFirst = -mean + x * Math.log(mean) - logGamma(x + 1);
    double sum = 1;
    double term = 1;
    for (int k = 1; k < 10_000; k++) {
      term *= mean / (x + k);
      sum += term;
      if (term < 1e-12 * sum) {
        break;
      }
    }
    return logFirst + Math.log(sum);
  }

  /** {@code ln P(Z >= z)} for a standard normal {@code Z} and {@code z >= 0}. */
  public static double normalLogTail(double z) {
    if (z < 5) {
      return Math.log(0.5 * erfc(z / Math.sqrt(2)));
    }
    // asymptotic series (relative error < 1e-5 for z >= 5)
    double z2 = z * z;
    double series = 1 - 1 / z2 + 3 / (z2 * z2) - 15 / (z2 * z2 * z2);
    return -z2 / 2 - Math.log(z) - LOG_SQRT_2PI + Math.log(series);
  }

  /** The z whose normal upper tail is {@code exp(logTail)}: a count's tail as a z-score. */
  public static double normalScore(double logTail) {
    if (logTail >= Math.log(0.5)) {
      return 0;
    }
    double z = Math.sqrt(-2 * logTail); // an upper bound; Newton from there
    for (int i = 0; i < 50; i++) {
      double f = normalLogTail(z) - logTail;
      // d/dz ln tail(z) = -pdf(z) / tail(z), about -z for large z
      double pdfOverTail = Math.exp(-z * z / 2 - LOG_SQRT_2PI - normalLogTail(z));
      double next = z + f / pdfOverTail;
      if (Math.abs(next - z) < 1e-9) {
        return next;
      }
      z = Math.max(0, next);
    }
    return z;
  }

  /** Lanczos approximation of ln Γ(x), x > 0 (relative error about 1e-15). */
  static double logGamma(double x) {
    double[] g = {
      0.99999999999980993,
      676.5203681218851,
      -1259.1392167224028,
      771.32342877765313,
      -176.61502916214059,
      12.507343278686905,
      -0.13857109526572012,
      9.9843695780195716e-6,
      1.5056327351493116e-7
    };
    if (x < 0.5) {
      return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
    }
    x -= 1;
    double a = g[0];
    double t = x + 7.5;
    for (int i = 1; i < 9; i++) {
      a += g[i] / (x + i);
    }
    return LOG_SQRT_2PI + (x + 0.5) * Math.log(t) - t + Math.log(a);
  }

  /** The complementary error function (Numerical Recipes' erfcc, relative error < 1.2e-7). */
  static double erfc(double x) {
    double z = Math.abs(x);
    double t = 1 / (1 + 0.5 * z);
    double r =
        t
            * Math.exp(
                -z * z
                    - 1.26551223
                    + t
                        * (1.00002368
                            + t
                                * (0.37409196
                                    + t
                                        * (0.09678418
                                            + t
                                                * (-0.18628806
                                                    + t
                                                        * (0.27886807
                                                            + t
                                                                * (-1.13520398
                                                                    + t
                                                                        * (1.48851587
                                                                            + t
                                                                                * (-0.82215223
                                                                                    + t
                                                                                        * 0.17087277)))))))));
    return x >= 0 ? r : 2 - r;
  }
}
