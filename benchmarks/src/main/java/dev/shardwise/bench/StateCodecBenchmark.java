package dev.shardwise.bench;

import dev.shardwise.core.event.Event;
import dev.shardwise.core.window.EventFingerprint;
import dev.shardwise.core.window.FingerprintSet;
import dev.shardwise.core.window.SegmentKey;
import dev.shardwise.core.window.WindowState;
import dev.shardwise.core.window.WindowStateCodec;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Encoding and decoding the window state Lambda carries between invocations (base64 included).
 * {@code WINDOW_60K}: the budget case, 60,000 events over 10,000 distinct pages and 2,000 devices
 * (about 747,000 base64 characters in format version 2, 832,000 in version 1); {@code BATCH_10K}:
 * the state after one 10,000-event batch. Target: encode + decode of the 10,000-page case in at
 * most 5 ms.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
public class StateCodecBenchmark {

  /** How big a state. */
  public enum Scale {
    BATCH_10K(10_000),
    WINDOW_60K(60_000);

    final int events;

    Scale(int events) {
      this.events = events;
    }
  }

  @Param Scale scale;

  private WindowState state;
  private String encoded;

  @Setup
  public void setup() {
    List<Event> events = ConsumerInputs.events(scale.events, ConsumerInputs.PAGES, 7);
    state =
        WindowState.open(
            new SegmentKey(ConsumerInputs.WINDOW_START, "4959033827", -1),
            ConsumerInputs.WINDOW_END,
            Duration.ZERO);
    FingerprintSet none = new FingerprintSet();
    for (Event e : events) {
      state.accept(e, EventFingerprint.of(e.eventId()), none);
    }
    encoded = WindowStateCodec.encodeBase64(state);
  }

  @Benchmark
  public String encode() {
    return WindowStateCodec.encodeBase64(state);
  }

  @Benchmark
  public WindowState decode() {
    return WindowStateCodec.decodeBase64(encoded);
  }

  @Benchmark
  public WindowState encodeDecode() {
    return WindowStateCodec.decodeBase64(WindowStateCodec.encodeBase64(state));
  }
}
