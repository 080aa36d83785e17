package dev.shardwise.consumer.testing;

import dev.shardwise.core.detect.Anomaly;
import dev.shardwise.core.detect.KeyType;
import dev.shardwise.core.detect.Severity;
import dev.shardwise.core.detect.WindowDetector;
import dev.shardwise.core.window.WindowSummary;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A detector whose findings depend on its state: it counts the segments it has seen and reports
 * every segment with views as an anomaly whose {@code expected} is that count. Running it twice on
 * a segment, or on a stale state, shows up as a different row under the same id.
 */
public final class CountingDetector implements WindowDetector {
  private final AtomicInteger calls = new AtomicInteger();

  @Override
  public String name() {
    return "counting";
  }

  @Override
  public Detection detect(WindowSummary window, byte[] state) {
    calls.incrementAndGet();
    long seen = state == null ? 0 : ByteBuffer.wrap(state).getLong();
    List<Anomaly> found =
        window.totals().views() == 0
            ? List.of()
            : List.of(
                new Anomaly(
                    "segment_views",
                    KeyType.SHARD,
                    window.shardId(),
                    "views",
                    window.totals().views(),
                    seen,
                    0,
                    seen,
                    1,
                    0,
                    Severity.INFO));
    return new Detection(found, ByteBuffer.allocate(8).putLong(seen + 1).array());
  }

  public int calls() {
    return calls.get();
  }
}
