package dev.shardwise.core.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shardwise.core.detect.internal.KeyedStateCodec;
import dev.shardwise.core.window.StateFormatException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** Invariants of the per-key detector states over random windows. */
class DetectorStatePropertiesIT {
  private static final String[] METRICS = {"a", "b_metric", "temperature_c"};

  private static TestWindows window(int w, SplittableRandom r) {
    TestWindows b = TestWindows.window(w);
    int devices = r.nextInt(1, 30);
    for (int d = 0; d < devices; d++) {
      Map<String, double[]> m = new LinkedHashMap<>();
      for (String name : METRICS) {
        if (r.nextBoolean()) {
          double[] v = new double[r.nextInt(1, 6)];
          for (int i = 0; i < v.length; i++) {
            v[i] = r.nextDouble(-1e6, 1e6);
          }
          m.put(name, v);
        }
      }
      b.device("dev-" + r.nextInt(50), r.nextInt(0, 100), m);
    }
    int pages = r.nextInt(0, 30);
    for (int p = 0; p < pages; p++) {
      b.page("/p/" + r.nextInt(60), r.nextInt(0, 500));
    }
    return b;
  }

  @Property(tries = 40)
  void states_roundTripByteIdentical_andDetectionIsDeterministic(
      @ForAll long seed, @ForAll @IntRange(min = 1, max = 25) int windows) {
    SplittableRandom r = new SplittableRandom(seed);
    DetectorSettings s = DetectorSettings.defaults();
    DeviceDetector devices = new DeviceDetector(s);
    PageDetector pages = new PageDetector(s);
    byte[] ds = null;
    byte[] ps = null;
    for (int w = 0; w < windows; w++) {
      var summary = window(w, r).build();
      var d1 = devices.detect(summary, ds);
      var d2 = devices.detect(summary, ds);
      var p1 = pages.detect(summary, ps);
      assertThat(d1.state()).isEqualTo(d2.state());
      assertThat(d1.anomalies()).isEqualTo(d2.anomalies());
      assertThat(p1.state()).isEqualTo(pages.detect(summary, ps).state());
      ds = d1.state();
      ps = p1.state();
      KeyedStateCodec.Devices dd = KeyedStateCodec.decodeDevices(ds);
      assertThat(KeyedStateCodec.encodeDevices(dd.lastWindow(), dd.entries())).isEqualTo(ds);
      KeyedStateCodec.Pages pp = KeyedStateCodec.decodePages(ps);
      assertThat(KeyedStateCodec.encodePages(pp.lastWindow(), pp.entries())).isEqualTo(ps);
    }
  }

  @Property(tries = 40)
  void anyFlippedByte_failsAsAStateFormatError(@ForAll long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    DeviceDetector devices = new DeviceDetector(DetectorSettings.defaults());
    byte[] state = devices.detect(window(0, r).build(), null).state();
    byte[] bad = state.clone();
    int at = r.nextInt(bad.length);
    bad[at] ^= (byte) (1 + r.nextInt(255));
    assertThatThrownBy(() -> KeyedStateCodec.decodeDevices(bad))
        .isInstanceOf(StateFormatException.class);
  }
}
