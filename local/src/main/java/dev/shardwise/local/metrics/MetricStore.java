package dev.shardwise.local.metrics;

import dev.shardwise.consumer.definitions.Statistic;
import dev.shardwise.local.metrics.internal.MetricArchive;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The local stand-in for CloudWatch metrics: datapoints per metric ({@link MetricKey}), kept in
 * one-minute buckets of their own timestamps (the storage resolution of standard CloudWatch
 * metrics), queried per period with CloudWatch's statistics.
 *
 * <p>Bounded: buckets older than {@link Config#retention} (by the injected clock) are dropped, and
 * metrics beyond {@link Config#maxMetrics} are refused and counted. With a data directory, {@link
 * #flush()} appends what changed since the last flush to {@code <data-dir>/.metrics/}, so {@code
 * shardwise report} and {@code shardwise alarms} can read a run after it ended ({@link #open(Path,
 * Clock, Config)}).
 *
 * <p>Thread-safe: every method may be called from any thread.
 */
public final class MetricStore implements MetricSink, AutoCloseable {

  /**
   * Limits of the store.
   *
   * @param retention how far back buckets are kept (CloudWatch keeps minute data 15 days; a local
   *     run needs hours)
   * @param maxMetrics how many distinct metrics are kept
   * @param maxFutureSkew how far ahead of the clock a timestamp may be (CloudWatch: 2 hours)
   */
  public record Config(Duration retention, int maxMetrics, Duration maxFutureSkew) {
    public Config {
      if (retention == null || retention.toMinutes() < 1) {
        throw new IllegalArgumentException("retention must be at least 1 minute: " + retention);
      }
      if (maxMetrics < 1) {
        throw new IllegalArgumentException("maxMetrics must be positive: " + maxMetrics);
      }
      Objects.requireNonNull(maxFutureSkew, "maxFutureSkew");
    }

    /** 48 hours, 20 000 metrics, 2 hours of future skew. */
    public static Config defaults() {
      return new Config(Duration.ofHours(48), 20_000, Duration.ofHours(2));
    }
  }

  private final Clock clock;
  private final Config config;
  private final MetricArchive archive;
  private final Map<MetricKey, Series> series = new HashMap<>();
  private final Map<MetricKey, Map<Long, Aggregate>> pending = new LinkedHashMap<>();
  private final AtomicLong refusedDatapoints = new AtomicLong();
  private final AtomicLong acceptedSamples = new AtomicLong();

  private record Series(String unit, TreeMap<Long, Aggregate> minutes) {}

  private MetricStore(Clock clock, Config config, MetricArchive archive) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.config = Objects.requireNonNull(config, "config");
    this.archive = archive;
  }

  /** A store in memory only. */
  public static MetricStore inMemory(Clock clock, Config config) {
    return new MetricStore(clock, config, null);
  }

  /**
   * A store persisted under {@code <dataDir>/.metrics/}, with whatever an earlier run left there
   * (within retention) read back first.
   */
  public static MetricStore open(Path dataDir, Clock clock, Config config) {
    MetricArchive archive = new MetricArchive(dataDir.resolve(".metrics"));
    MetricStore store = new MetricStore(clock, config, archive);
    try {
      archive.read((key, unit, minute, agg) -> store.load(key, unit, minute, agg));
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot read the metrics under " + dataDir.resolve(".metrics"), e);
    }
    return store;
  }

  @Override
  public void put(MetricDatum d) {
    Instant now = clock.instant();
    if (d.timestamp().isAfter(now.plus(config.maxFutureSkew()))
        || d.timestamp().isBefore(now.minus(config.retention()))) {
      refusedDatapoints.incrementAndGet();
      return;
    }
    for (int i = 0; i < d.size(); i++) {
      if (!Double.isFinite(d.value(i))) {
        refusedDatapoints.incrementAndGet();
        return;
      }
    }
    long minute = Math.floorDiv(d.timestamp().getEpochSecond(), 60);
    synchronized (this) {
      Series s = series.get(d.key());
      if (s == null) {
        if (series.size() >= config.maxMetrics()) {
          refusedDatapoints.incrementAndGet();
          return;
        }
        s = new Series(d.unit(), new TreeMap<>());
        series.put(d.key(), s);
      }
      Aggregate bucket = s.minutes().computeIfAbsent(minute, m -> new Aggregate());
      Aggregate delta =
          archive == null
              ? null
              : pending
                  .computeIfAbsent(d.key(), k -> new HashMap<>())
                  .computeIfAbsent(minute, m -> new Aggregate());
      for (int i = 0; i < d.size(); i++) {
        bucket.add(d.value(i));
        if (delta != null) {
          delta.add(d.value(i));
        }
      }
      acceptedSamples.addAndGet(d.size());
      evict(s, now);
    }
  }

  private synchronized void load(MetricKey key, String unit, long minute, Aggregate agg) {
    Series s = series.computeIfAbsent(key, k -> new Series(unit, new TreeMap<>()));
    s.minutes().computeIfAbsent(minute, m -> new Aggregate()).merge(agg);
  }

  private void evict(Series s, Instant now) {
    long oldest = Math.floorDiv(now.minus(config.retention()).getEpochSecond(), 60);
    s.minutes().headMap(oldest, false).clear();
  }

  /**
   * The samples of {@code key} with timestamps in [{@code start}, {@code end}), both on minute
   * boundaries; empty when there are none.
   */
  public synchronized Optional<Aggregate> aggregate(MetricKey key, Instant start, Instant end) {
    Series s = series.get(key);
    if (s == null) {
      return Optional.empty();
    }
    NavigableMap<Long, Aggregate> range =
        s.minutes()
            .subMap(
                Math.floorDiv(start.getEpochSecond(), 60),
                true,
                Math.floorDiv(end.getEpochSecond(), 60),
                false);
    if (range.isEmpty()) {
      return Optional.empty();
    }
    Aggregate out = new Aggregate();
    range.values().forEach(out::merge);
    return Optional.of(out);
  }

  /** The statistic of {@code key} over [{@code start}, {@code end}), if it has a value there. */
  public OptionalDouble value(MetricKey key, Statistic stat, Instant start, Instant end) {
    return aggregate(key, start, end).map(a -> a.value(stat)).orElse(OptionalDouble.empty());
  }

  /**
   * One value per period from {@code from} (inclusive) to {@code to} (exclusive), periods that have
   * no samples left out: what a graph of the metric shows.
   */
  public List<TimedValue> series(
      MetricKey key, Statistic stat, Instant from, Instant to, Duration period) {
    List<TimedValue> out = new ArrayList<>();
    for (Instant t = from; t.isBefore(to); t = t.plus(period)) {
      OptionalDouble v = value(key, stat, t, t.plus(period));
      if (v.isPresent()) {
        out.add(new TimedValue(t, v.getAsDouble()));
      }
    }
    return out;
  }

  /** A value at a time: a datapoint of a graph. */
  public record TimedValue(Instant time, double value) {}

  /** Every metric the store holds. */
  public synchronized Set<MetricKey> keys() {
    return Set.copyOf(series.keySet());
  }

  /** The metrics of one namespace and name, whatever their dimensions. */
  public synchronized List<MetricKey> keys(String namespace, String name) {
    return series.keySet().stream()
        .filter(k -> k.namespace().equals(namespace) && k.name().equals(name))
        .sorted((a, b) -> a.toString().compareTo(b.toString()))
        .toList();
  }

  /** The unit the metric was first recorded with. */
  public synchronized Optional<String> unit(MetricKey key) {
    return Optional.ofNullable(series.get(key)).map(Series::unit);
  }

  /** The first and last minute holding samples, over all metrics. */
  public synchronized Optional<Instant[]> span() {
    TreeSet<Long> ends = new TreeSet<>();
    for (Series s : series.values()) {
      if (!s.minutes().isEmpty()) {
        ends.add(s.minutes().firstKey());
        ends.add(s.minutes().lastKey());
      }
    }
    if (ends.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new Instant[] {
          Instant.ofEpochSecond(ends.first() * 60), Instant.ofEpochSecond(ends.last() * 60 + 60)
        });
  }

  /** Datapoints refused: too old, too far ahead, not finite, or beyond the metric limit. */
  public long refusedDatapoints() {
    return refusedDatapoints.get();
  }

  /** Samples accepted since the store was created. */
  public long acceptedSamples() {
    return acceptedSamples.get();
  }

  /** Appends what changed since the last flush to the data directory; no-op in memory. */
  public void flush() {
    if (archive == null) {
      return;
    }
    Map<MetricKey, Map<Long, Aggregate>> out;
    Map<MetricKey, String> units = new HashMap<>();
    synchronized (this) {
      if (pending.isEmpty()) {
        return;
      }
      out = new LinkedHashMap<>(pending);
      pending.clear();
      out.keySet()
          .forEach(k -> units.put(k, series.get(k) == null ? "None" : series.get(k).unit()));
    }
    try {
      archive.append(out, units);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the metrics under " + archive.directory(), e);
    }
  }

  @Override
  public void close() {
    flush();
  }
}
