package dev.shardwise.local.metrics;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Feeds log lines (the handler's output) through the {@link EmfParser} into a {@link MetricSink},
 * counting what it saw. A malformed EMF line is counted and its reason kept (the last {@value
 * #KEPT_REASONS}), never thrown: a bad line must not stop a run. Thread-safe.
 */
public final class EmfIngest implements Consumer<String> {
  static final int KEPT_REASONS = 10;

  private final EmfParser parser = new EmfParser();
  private final MetricSink sink;
  private final AtomicLong lines = new AtomicLong();
  private final AtomicLong documents = new AtomicLong();
  private final AtomicLong datapoints = new AtomicLong();
  private final AtomicLong malformed = new AtomicLong();
  private final Deque<String> reasons = new ArrayDeque<>();

  public EmfIngest(MetricSink sink) {
    this.sink = Objects.requireNonNull(sink, "sink");
  }

  /**
   * What the ingest saw so far.
   *
   * @param lines every line
   * @param emfDocuments valid EMF documents
   * @param datapoints datapoints put into the sink
   * @param malformed lines that claimed to be EMF but broke the specification
   * @param recentProblems reasons of the most recent malformed lines, oldest first
   */
  public record Stats(
      long lines,
      long emfDocuments,
      long datapoints,
      long malformed,
      List<String> recentProblems) {}

  @Override
  public void accept(String line) {
    lines.incrementAndGet();
    EmfParser.Result r = parser.parse(line);
    if (r instanceof EmfParser.Result.Metrics m) {
      documents.incrementAndGet();
      for (MetricDatum d : m.datapoints()) {
        sink.put(d);
      }
      datapoints.addAndGet(m.datapoints().size());
    } else if (r instanceof EmfParser.Result.Malformed bad) {
      malformed.incrementAndGet();
      synchronized (reasons) {
        if (reasons.size() == KEPT_REASONS) {
          reasons.removeFirst();
        }
        reasons.addLast(bad.reason());
      }
    }
  }

  public Stats stats() {
    List<String> recent;
    synchronized (reasons) {
      recent = List.copyOf(reasons);
    }
    return new Stats(lines.get(), documents.get(), datapoints.get(), malformed.get(), recent);
  }
}
