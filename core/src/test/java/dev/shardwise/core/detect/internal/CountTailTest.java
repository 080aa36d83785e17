package dev.shardwise.core.detect.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class CountTailTest {

  @Test
  void poissonTail_equalsTheDirectSum() {
    for (double mean : new double[] {0.5, 1, 5, 30}) {
      for (int x = (int) Math.ceil(mean + 1); x < mean + 60; x += 3) {
        double direct = 0;
        for (int k = x; k < x + 400; k++) {
          direct += Math.exp(-mean + k * Math.log(mean) - CountTail.logGamma(k + 1));
        }
        assertThat(CountTail.poissonLogUpperTail(x, mean))
            .as("mean %s, x %s", mean, x)
            .isCloseTo(Math.log(direct), within(1e-6 * Math.abs(Math.log(direct)) + 1e-9));
      }
    }
  }

  @Test
  void poissonTail_ofACountAtOrBelowItsMean_isOne() {
    assertThat(CountTail.poissonLogUpperTail(5, 5)).isZero();
    assertThat(CountTail.poissonLogUpperTail(3, 5)).isZero();
  }

  @Test
  void poissonTail_knownValue() {
    // P(X >= 17 | Poisson(5)) = 1 - ppois(16, 5) = 1.9869e-05
    assertThat(Math.exp(CountTail.poissonLogUpperTail(17, 5))).isCloseTo(1.9869e-5, within(1e-8));
  }

  @Test
  void normalTail_matchesKnownValues_andTheScoreInvertsIt() {
    // P(Z >= 3) = 1.3499e-3, P(Z >= 5) = 2.8665e-7, P(Z >= 8) = 6.2210e-16
    assertThat(CountTail.normalLogTail(3)).isCloseTo(Math.log(1.3499e-3), within(1e-3));
    assertThat(CountTail.normalLogTail(5)).isCloseTo(Math.log(2.8665e-7), within(1e-3));
    assertThat(CountTail.normalLogTail(8)).isCloseTo(Math.log(6.2210e-16), within(1e-3));
    for (double z : new double[] {1, 3, 4.99, 5, 7.5, 20, 40}) {
      assertThat(CountTail.normalScore(CountTail.normalLogTail(z))).isCloseTo(z, within(1e-6));
    }
  }
}
