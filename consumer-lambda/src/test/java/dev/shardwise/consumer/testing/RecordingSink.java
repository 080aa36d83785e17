package dev.shardwise.consumer.testing;

import dev.shardwise.consumer.sink.EmitFailedException;
import dev.shardwise.consumer.sink.RowSink;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link RowSink} that keeps every record delivered, per stream, in order, and can fail: a {@link
 * Fault} decides per call how many of the records (a prefix) get through before the rest fail.
 */
public final class RecordingSink implements RowSink {

  /** For one call: how many records to deliver before failing, or -1 to deliver all. */
  @FunctionalInterface
  public interface Fault {
    int deliverBeforeFailing(String stream, int records);
  }

  private final Map<String, List<String>> delivered = new HashMap<>();
  private Fault fault = (stream, n) -> -1;
  private int calls;

  public synchronized void failWhen(Fault f) {
    fault = f;
  }

  @Override
  public synchronized int put(String stream, List<byte[]> records) {
    if (records.isEmpty()) {
      return 0;
    }
    calls++;
    int ok = fault.deliverBeforeFailing(stream, records.size());
    int n = ok < 0 ? records.size() : Math.min(ok, records.size());
    List<String> out = delivered.computeIfAbsent(stream, k -> new ArrayList<>());
    for (int i = 0; i < n; i++) {
      out.add(new String(records.get(i), StandardCharsets.UTF_8));
    }
    if (n < records.size()) {
      throw new EmitFailedException(
          stream, n, records.size() - n, 3, "injected: ServiceUnavailableException", null);
    }
    return 0;
  }

  public synchronized List<String> delivered(String stream) {
    return new ArrayList<>(delivered.getOrDefault(stream, List.of()));
  }

  public synchronized int calls() {
    return calls;
  }
}
