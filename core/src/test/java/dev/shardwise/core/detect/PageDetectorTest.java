package dev.shardwise.core.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shardwise.core.detect.internal.KeyedStateCodec;
import dev.shardwise.core.window.StateFormatException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PageDetectorTest {
  private static final double[] SHARE = {0.4, 0.2, 0.1, 0.1, 0.1, 0.05, 0.05};
  private final PageDetector detector = new PageDetector(DetectorSettings.defaults());
  private final SplittableRandom random = new SplittableRandom(11);

  private long poisson(double lambda) {
    // normal approximation is enough for lambda >= 20; exact inversion below
    if (lambda > 50) {
      return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * random.nextGaussian()));
    }
    double l = Math.exp(-lambda);
    double p = 1;
    long k = 0;
    do {
      k++;
      p *= random.nextDouble();
    } while (p > l);
    return k - 1;
  }

  /** Total views follow a daily cycle of 30 windows between 500 and 1500. */
  private TestWindows window(int w, int anomalousPage, double factor) {
    double total = 1000 * (1 + 0.5 * Math.sin(2 * Math.PI * w / 30.0));
    TestWindows b = TestWindows.window(w);
    for (int p = 0; p < SHARE.length; p++) {
      double f = p == anomalousPage ? factor : 1;
      b.page("/p" + p, poisson(total * SHARE[p] * f));
    }
    return b;
  }

  private List<Anomaly> run(int from, int to, byte[][] state) {
    List<Anomaly> all = new ArrayList<>();
    for (int w = from; w < to; w++) {
      WindowDetector.Detection d = detector.detect(window(w, -1, 1).build(), state[0]);
      state[0] = d.state();
      all.addAll(d.anomalies());
    }
    return all;
  }

  @Test
  void dailyCycleWithPoissonNoise_givesNoAnomalyOver7000KeyWindows() {
    assertThat(run(0, 1000, new byte[1][])).isEmpty();
  }

  @Test
  void noAnomalyDuringWarmUp() {
    byte[] state = null;
    for (int w = 0; w < 10; w++) {
      WindowDetector.Detection d = detector.detect(window(w, 3, w == 5 ? 8 : 1).build(), state);
      assertThat(d.anomalies()).isEmpty();
      state = d.state();
    }
  }

  @Test
  void spikeOf3x_isDetectedInItsWindow() {
    byte[][] state = new byte[1][];
    run(0, 40, state);
    List<Anomaly> found = detector.detect(window(40, 5, 3).build(), state[0]).anomalies();
    assertThat(found)
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.kind()).isEqualTo("page_spike");
              assertThat(a.key()).isEqualTo("/p5");
              assertThat(a.observed()).isGreaterThan(a.bandHigh());
            });
  }

  @Test
  void dropToATenth_ofABusyPageIsDetected_atTheLowOfTheCycle() {
    byte[][] state = new byte[1][];
    run(0, 52, state); // window 52 is near the cycle's low
    List<Anomaly> found = detector.detect(window(52, 0, 0.1).build(), state[0]).anomalies();
    assertThat(found)
        .extracting(Anomaly::kind, Anomaly::key)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("page_drop", "/p0"));
  }

  @Test
  void state_roundTripsByteIdentical_andUnknownVersionIsRejected() {
    byte[][] state = new byte[1][];
    run(0, 15, state);
    KeyedStateCodec.Pages p = KeyedStateCodec.decodePages(state[0]);
    assertThat(KeyedStateCodec.encodePages(p.lastWindow(), p.entries())).isEqualTo(state[0]);
    byte[] bad = state[0].clone();
    bad[3] = 9;
    assertThatThrownBy(() -> KeyedStateCodec.decodePages(bad))
        .isInstanceOf(StateFormatException.class)
        .hasMessageContaining("page detector state: format version 9");
  }

  @Test
  void childShard_keepsItsParentsShares_andDetectsAtOnce() {
    byte[][] state = new byte[1][];
    run(0, 40, state);
    byte[] child = detector.inherit(List.of(state[0]));
    assertThat(detector.detect(window(41, 4, 4).build(), child).anomalies())
        .extracting(Anomaly::key)
        .containsExactly("/p4");
  }
}
