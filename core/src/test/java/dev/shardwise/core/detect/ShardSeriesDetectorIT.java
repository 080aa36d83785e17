package dev.shardwise.core.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shardwise.core.window.StateFormatException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ShardSeriesDetectorIT {
  private final ShardSeriesDetector detector = new ShardSeriesDetector(DetectorSettings.defaults());
  private final SplittableRandom random = new SplittableRandom(3);

  private TestWindows window(int w, double factor) {
    double total = 1000 * (1 + 0.3 * Math.sin(2 * Math.PI * w / 30.0)) * factor;
    return TestWindows.window(w)
        .page("/", Math.round(total + Math.sqrt(total) * random.nextGaussian()))
        .rejects(0);
  }

  private List<Anomaly> run(int from, int to, byte[][] state) {
    List<Anomaly> all = new ArrayList<>();
    for (int w = from; w < to; w++) {
      WindowDetector.Detection d = detector.detect(window(w, 1).build(), state[0]);
      state[0] = d.state();
      all.addAll(d.anomalies());
    }
    return all;
  }

  @Test
  void noAnomalyDuringWarmUp_andFewOnARegularSeries() {
    byte[][] state = new byte[1][];
    assertThat(run(0, 32, state)).isEmpty();
    assertThat(run(32, 160, state)).hasSizeLessThanOrEqualTo(2);
  }

  @Test
  void viewsCollapsingToAQuarter_isDetectedInItsWindow() {
    byte[][] state = new byte[1][];
    run(0, 200, state);
    List<Anomaly> found = detector.detect(window(200, 0.25).build(), state[0]).anomalies();
    assertThat(found)
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.kind()).isEqualTo("shard_series_anomaly");
              assertThat(a.metric()).isEqualTo("views");
              assertThat(a.score()).isGreaterThanOrEqualTo(a.threshold());
            });
  }

  @Test
  void restoredForest_givesTheSameResultAsTheSameCallAgain() {
    byte[][] state = new byte[1][];
    run(0, 60, state);
    var w = window(60, 3).build();
    var a = detector.detect(w, state[0]);
    var b = detector.detect(w, state[0]);
    assertThat(a.anomalies()).isEqualTo(b.anomalies());
    assertThat(a.state()).isEqualTo(b.state());
  }

  @Test
  void unknownVersion_isRejected() {
    byte[][] state = new byte[1][];
    run(0, 2, state);
    byte[] bad = state[0].clone();
    bad[3] = 7;
    assertThatThrownBy(() -> detector.detect(window(3, 1).build(), bad))
        .isInstanceOf(StateFormatException.class)
        .hasMessageContaining("format version 7");
  }
}
