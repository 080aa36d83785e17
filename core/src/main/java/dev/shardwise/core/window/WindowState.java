package dev.shardwise.core.window;

import dev.shardwise.core.event.Event;
import dev.shardwise.core.event.EventType;
import dev.shardwise.core.event.internal.MetricMap;
import dev.shardwise.core.window.internal.ByteWriter;
import dev.shardwise.core.window.internal.FrontCodedLog;
import dev.shardwise.core.window.internal.LongIntHashMap;
import dev.shardwise.core.window.internal.StringIndex;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;

/**
 * The aggregation state of one window segment of one shard: page views per (event minute, page)
 * with unique devices and load times, per-device event counts and telemetry moments, the
 * fingerprints of the {@code event_id}s counted so far, and counters. It is what Lambda carries
 * between the invocations of a tumbling window ({@link WindowStateCodec}).
 *
 * <p>Deterministic: the state, its encoding and its summary depend only on the sequence of events
 * offered, never on how that sequence was split into invocations (dictionaries and cells keep
 * first-seen order; sets are encoded in sorted order). Not thread-safe.
 */
public final class WindowState {
  /** Raw bytes an encoded empty state may take, a constant of the size estimate. */
  static final int BASE_RAW_BYTES = 96;

  /**
   * The largest {@code expectedEvents} that {@link #open(SegmentKey, Instant, Duration, int)} sizes
   * for.
   */
  static final int MAX_SIZE_HINT = 1 << 16;

  private static final int CELL_BYTES = 30;
  private static final int[] NO_DEVICES = new int[0];
  private static final int PAIR_BYTES = 5;
  private static final int DEVICE_METRIC_BYTES = 47;
  private static final int FINGERPRINT_BYTES = (FingerprintSet.MAX_BITS_PER_MEMBER + 7) / 8;

  /** What {@link #accept} did with an event. */
  public enum Outcome {
    COUNTED,
    COUNTED_LATE,
    DUPLICATE
  }

  final SegmentKey segment;
  final Instant windowEnd;
  final long lateGraceMillis;
  final long windowStartMinute;

  final StringIndex pages;
  final StringIndex devices;
  final StringIndex metricNames;
  // the dictionaries' encodings, appended to as strings are added (WindowStateCodec copies them)
  final FrontCodedLog pageLog;
  final FrontCodedLog deviceLog;
  final FrontCodedLog metricLog;
  long[] deviceEvents;

  final LongIntHashMap cellIndex; // minute << 32 | page -> cell
  int cellCount;
  long[] cellMinute;
  int[] cellPage;
  long[] cellViews;
  long[] cellLoadSum;
  long[] cellLoadCount;
  int[] cellLoadMax;
  int[] cellUnique;
  int[][] cellDevices; // per cell, its devices sorted; the first cellUnique[c] are valid

  final LongIntHashMap metricIndex; // device << 32 | metric -> stat
  int statCount;
  int[] statDevice;
  int[] statMetric;
  long[] statN;
  double[] statSum;
  double[] statSumSq;
  double[] statMin;
  double[] statMax;

  FingerprintSet ids;

  long userRecords;
  long rejects;
  long validEvents;
  long duplicates;
  long lateEvents;
  long views;

  long rawBytes = BASE_RAW_BYTES;
  long measuredChars = -1;
  long rawAtMeasure;

  /** Initial sizes of the structures, so decoding a big state does not rehash as it grows. */
  record Capacity(int pages, int devices, int cells, int stats, int ids) {
    static final Capacity DEFAULT = new Capacity(1024, 1024, 1024, 64, 4096);
  }

  WindowState(SegmentKey segment, Instant windowEnd, long lateGraceMillis, Capacity cap) {
    this(segment, windowEnd, lateGraceMillis, cap, null);
  }

  /**
   * A state with the dictionaries' encodings {@code logs} (pages, devices, metric names) when not
   * null; the caller adds their strings to the indexes.
   */
  WindowState(
      SegmentKey segment,
      Instant windowEnd,
      long lateGraceMillis,
      Capacity cap,
      FrontCodedLog[] logs) {
    this.segment = Objects.requireNonNull(segment, "segment");
    this.windowEnd = Objects.requireNonNull(windowEnd, "windowEnd");
    if (!windowEnd.isAfter(segment.windowStart())) {
      throw new IllegalArgumentException("window end must be after window start");
    }
    if (lateGraceMillis < 0) {
      throw new IllegalArgumentException("late grace must not be negative");
    }
    this.lateGraceMillis = lateGraceMillis;
    this.windowStartMinute = Math.floorDiv(segment.windowStart().getEpochSecond(), 60);
    pages = new StringIndex(cap.pages());
    devices = new StringIndex(cap.devices());
    metricNames = new StringIndex(16);
    pageLog = logs != null ? logs[0] : new FrontCodedLog(Math.max(64, cap.pages() * 4));
    deviceLog = logs != null ? logs[1] : new FrontCodedLog(Math.max(64, cap.devices() * 4));
    metricLog = logs != null ? logs[2] : new FrontCodedLog(64);
    deviceEvents = new long[Math.max(16, cap.devices())];
    int cells = Math.max(16, cap.cells());
    cellIndex = new LongIntHashMap(cells);
    cellMinute = new long[cells];
    cellPage = new int[cells];
    cellViews = new long[cells];
    cellLoadSum = new long[cells];
    cellLoadCount = new long[cells];
    cellLoadMax = new int[cells];
    cellUnique = new int[cells];
    cellDevices = new int[cells][];
    int stats = Math.max(16, cap.stats());
    metricIndex = new LongIntHashMap(stats);
    statDevice = new int[stats];
    statMetric = new int[stats];
    statN = new long[stats];
    statSum = new double[stats];
    statSumSq = new double[stats];
    statMin = new double[stats];
    statMax = new double[stats];
    ids = new FingerprintSet(cap.ids());
  }

  /**
   * A fresh segment.
   *
   * @param segment the segment key (window start and first record)
   * @param windowEnd end of the tumbling window
   * @param lateGrace a minute is late when it ended more than this before the window started
   */
  public static WindowState open(SegmentKey segment, Instant windowEnd, Duration lateGrace) {
    return new WindowState(segment, windowEnd, lateGrace.toMillis(), Capacity.DEFAULT);
  }

  /**
   * A fresh segment sized for about {@code expectedEvents} events (e.g. the records of the batch
   * that opens it), so that counting them does not rehash and copy its tables as they grow. The
   * hint only sizes memory (capped at {@value #MAX_SIZE_HINT} events); any number of events fits.
   */
  public static WindowState open(
      SegmentKey segment, Instant windowEnd, Duration lateGrace, int expectedEvents) {
    int n = Math.min(Math.max(expectedEvents, 0), MAX_SIZE_HINT);
    Capacity d = Capacity.DEFAULT;
    Capacity cap =
        new Capacity(
            Math.max(d.pages(), n),
            Math.max(d.devices(), n / 4),
            Math.max(d.cells(), n),
            d.stats(),
            Math.max(d.ids(), n));
    return new WindowState(segment, windowEnd, lateGrace.toMillis(), cap);
  }

  public SegmentKey segment() {
    return segment;
  }

  public Instant windowStart() {
    return segment.windowStart();
  }

  public Instant windowEnd() {
    return windowEnd;
  }

  public Duration lateGrace() {
    return Duration.ofMillis(lateGraceMillis);
  }

  /** Fingerprints of the events counted in this segment. Do not modify. */
  public FingerprintSet fingerprints() {
    return ids;
  }

  /** Whether the segment counted its fingerprint already (a duplicate inside the segment). */
  public boolean contains(long fingerprint) {
    return ids.contains(fingerprint);
  }

  /** Counts a rejected user record. */
  public void reject() {
    userRecords++;
    rejects++;
  }

  /**
   * Counts a valid event unless its fingerprint was counted before, in this segment or in {@code
   * earlier} (the fingerprints of recent closed segments; may be empty).
   */
  public Outcome accept(Event e, long fingerprint, FingerprintSet earlier) {
    userRecords++;
    validEvents++;
    if (earlier.contains(fingerprint) || !ids.add(fingerprint)) {
      duplicates++;
      return Outcome.DUPLICATE;
    }
    rawBytes += FINGERPRINT_BYTES;
    long minute = Math.floorDiv(e.time().getEpochSecond(), 60);
    int knownDevices = devices.size();
    int device = devices.add(e.deviceId());
    if (device == knownDevices) {
      deviceLog.append(e.deviceId());
    }
    if (device == devices.size() - 1) { // also the last new device seen again: an upper bound
      rawBytes += ByteWriter.utf8Upper(e.deviceId()) + 5;
      if (device == deviceEvents.length) {
        deviceEvents = Arrays.copyOf(deviceEvents, device * 2);
      }
    }
    deviceEvents[device]++;
    if (e.type() == EventType.PAGE_VIEW && e.page() != null) {
      addView(e, minute, device);
    }
    Map<String, Double> metrics = e.metrics();
    if (!metrics.isEmpty()) {
      if (metrics instanceof MetricMap m) { // always, for events: no iterator, no boxing
        for (int i = 0; i < m.size(); i++) {
          addMetric(device, m.nameAt(i), m.valueAt(i));
        }
      } else {
        for (Map.Entry<String, Double> m : metrics.entrySet()) {
          addMetric(device, m.getKey(), m.getValue());
        }
      }
    }
    if (isLate(minute)) {
      lateEvents++;
      return Outcome.COUNTED_LATE;
    }
    return Outcome.COUNTED;
  }

  /** Whether an event-time minute (epoch minutes) ended, plus the grace, before the window. */
  boolean isLate(long minute) {
    return (minute + 1) * 60_000L + lateGraceMillis <= segment.windowStart().toEpochMilli();
  }

  private void addView(Event e, long minute, int device) {
    views++;
    int knownPages = pages.size();
    int page = pages.add(e.page());
    if (page == knownPages) {
      pageLog.append(e.page());
    }
    if (page == pages.size() - 1) {
      rawBytes += ByteWriter.utf8Upper(e.page()) + 3;
    }
    long key = (minute << 32) | page;
    int cell = cellIndex.putIfAbsent(key, cellCount);
    if (cell < 0) {
      cell = newCell(minute, page);
    }
    cellViews[cell]++;
    if (e.hasLoadMs()) {
      cellLoadSum[cell] += e.loadMs();
      cellLoadCount[cell]++;
      cellLoadMax[cell] = Math.max(cellLoadMax[cell], e.loadMs());
    }
    if (addDevice(cell, device)) {
      rawBytes += PAIR_BYTES;
    }
  }

  /** Adds a device to a cell's sorted list; false when it is there already. */
  boolean addDevice(int cell, int device) {
    int[] ds = cellDevices[cell];
    int n = cellUnique[cell];
    int at = Arrays.binarySearch(ds, 0, n, device);
    if (at >= 0) {
      return false;
    }
    at = -at - 1;
    if (n == ds.length) {
      ds = Arrays.copyOf(ds, Math.max(2, n * 2));
      cellDevices[cell] = ds;
    }
    System.arraycopy(ds, at, ds, at + 1, n - at);
    ds[at] = device;
    cellUnique[cell] = n + 1;
    return true;
  }

  int newCell(long minute, int page) {
    int cell = cellCount++;
    if (cell == cellMinute.length) {
      int n = cell * 2;
      cellMinute = Arrays.copyOf(cellMinute, n);
      cellPage = Arrays.copyOf(cellPage, n);
      cellViews = Arrays.copyOf(cellViews, n);
      cellLoadSum = Arrays.copyOf(cellLoadSum, n);
      cellLoadCount = Arrays.copyOf(cellLoadCount, n);
      cellLoadMax = Arrays.copyOf(cellLoadMax, n);
      cellUnique = Arrays.copyOf(cellUnique, n);
      cellDevices = Arrays.copyOf(cellDevices, n);
    }
    cellMinute[cell] = minute;
    cellPage[cell] = page;
    cellLoadMax[cell] = -1;
    cellDevices[cell] = NO_DEVICES;
    rawBytes += CELL_BYTES;
    return cell;
  }

  private void addMetric(int device, String name, double value) {
    int knownMetrics = metricNames.size();
    int metric = metricNames.add(name);
    if (metric == knownMetrics) {
      metricLog.append(name);
    }
    if (metric == metricNames.size() - 1) {
      rawBytes += ByteWriter.utf8Upper(name) + 2;
    }
    long key = ((long) device << 32) | metric;
    int stat = metricIndex.putIfAbsent(key, statCount);
    if (stat < 0) {
      stat = newStat(device, metric);
    }
    statN[stat]++;
    statSum[stat] += value;
    statSumSq[stat] += value * value;
    statMin[stat] = Math.min(statMin[stat], value);
    statMax[stat] = Math.max(statMax[stat], value);
  }

  int newStat(int device, int metric) {
    int stat = statCount++;
    if (stat == statDevice.length) {
      int n = stat * 2;
      statDevice = Arrays.copyOf(statDevice, n);
      statMetric = Arrays.copyOf(statMetric, n);
      statN = Arrays.copyOf(statN, n);
      statSum = Arrays.copyOf(statSum, n);
      statSumSq = Arrays.copyOf(statSumSq, n);
      statMin = Arrays.copyOf(statMin, n);
      statMax = Arrays.copyOf(statMax, n);
    }
    statDevice[stat] = device;
    statMetric[stat] = metric;
    statMin[stat] = Double.POSITIVE_INFINITY;
    statMax[stat] = Double.NEGATIVE_INFINITY;
    rawBytes += DEVICE_METRIC_BYTES;
    return stat;
  }

  /**
   * An upper bound of the raw bytes that counting {@code e} can add to the encoded state (before
   * compression): the basis of {@link StateBudget}.
   */
  public static long growthBound(Event e) {
    long bound = FINGERPRINT_BYTES + 8 + ByteWriter.utf8Upper(e.deviceId()) + 5;
    if (e.page() != null) {
      bound += ByteWriter.utf8Upper(e.page()) + 3 + CELL_BYTES + PAIR_BYTES;
    }
    for (String name : e.metrics().keySet()) {
      bound += ByteWriter.utf8Upper(name) + 2 + DEVICE_METRIC_BYTES;
    }
    return bound;
  }

  /** The running upper bound of the encoded body size before compression. */
  public long rawBytes() {
    return rawBytes;
  }

  /** Counts so far. */
  public WindowTotals totals() {
    return new WindowTotals(
        userRecords, rejects, validEvents, duplicates, validEvents - duplicates, lateEvents, views);
  }

  /** Whether nothing has been counted or rejected yet. */
  public boolean isEmpty() {
    return userRecords == 0;
  }

  /** Closes the segment into an immutable summary; the state itself is unchanged. */
  public WindowSummary summarize(String shardId, CloseReason reason) {
    return WindowSummaries.of(this, shardId, reason);
  }
}
