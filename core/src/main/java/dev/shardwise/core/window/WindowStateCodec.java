package dev.shardwise.core.window;

import dev.shardwise.core.window.internal.ByteReader;
import dev.shardwise.core.window.internal.ByteWriter;
import dev.shardwise.core.window.internal.CorruptInputException;
import dev.shardwise.core.window.internal.Envelope;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;

/**
 * The binary encoding of a {@link WindowState} (format version 1), compact enough for Lambda's 1 MB
 * per-shard state: dictionaries of pages, devices and metric names, cells and moments as varints in
 * a zlib-compressed body, then the fingerprint set uncompressed (see {@link
 * FingerprintSet#writeTo}), all in a checksummed envelope starting {@code "SWW" 0x01}. In the
 * Lambda state map it travels as base64.
 *
 * <p>Canonical: equal states (same events in the same order) encode to equal bytes, however the
 * events were split into invocations. Decoding a state of another format version, or corrupt bytes,
 * throws {@link StateFormatException} with a message that says which.
 */
public final class WindowStateCodec {
  /** The format version this release writes and reads. */
  public static final int VERSION = 1;

  private static final byte[] MAGIC = {'S', 'W', 'W'};
  private static final int MAX_RAW = 64 << 20;
  private static final int MAX_ENTRIES = 8_000_000;
  private static final int MAX_STRING = 1 << 17;

  private WindowStateCodec() {}

  public static byte[] encode(WindowState s) {
    ByteWriter body = new ByteWriter((int) Math.min(MAX_RAW, s.rawBytes + 64));
    body.writeZigZag(s.segment.windowStart().toEpochMilli());
    body.writeZigZag(s.windowEnd.toEpochMilli());
    body.writeString(s.segment.firstSequence());
    body.writeZigZag(s.segment.firstSubSequence());
    body.writeVarLong(s.lateGraceMillis);
    body.writeVarLong(s.rawBytes);
    body.writeZigZag(s.measuredChars);
    body.writeVarLong(s.rawAtMeasure);
    body.writeVarLong(s.userRecords);
    body.writeVarLong(s.rejects);
    body.writeVarLong(s.validEvents);
    body.writeVarLong(s.duplicates);
    body.writeVarLong(s.lateEvents);
    body.writeVarLong(s.views);
    body.writeVarInt(s.pages.size());
    body.writeVarInt(s.devices.size());
    body.writeVarInt(s.cellCount);
    body.writeVarInt(s.cellDevices.size());
    body.writeVarInt(s.statCount);

    body.writeVarInt(s.pages.size());
    for (int i = 0; i < s.pages.size(); i++) {
      body.writeString(s.pages.get(i));
    }
    body.writeVarInt(s.devices.size());
    for (int i = 0; i < s.devices.size(); i++) {
      body.writeString(s.devices.get(i));
      body.writeVarLong(s.deviceEvents[i]);
    }
    body.writeVarInt(s.metricNames.size());
    for (int i = 0; i < s.metricNames.size(); i++) {
      body.writeString(s.metricNames.get(i));
    }
    writeCells(s, body);
    body.writeVarInt(s.statCount);
    for (int i = 0; i < s.statCount; i++) {
      body.writeVarInt(s.statDevice[i]);
      body.writeVarInt(s.statMetric[i]);
      writeMoments(body, s, i);
    }
    ByteWriter tail = new ByteWriter(s.ids.size() * 7 + 16);
    s.ids.writeTo(tail);
    return Envelope.seal(MAGIC, VERSION, body, tail);
  }

  /**
   * One or two values determine every moment exactly (sums are commutative), so only a stat of
   * three or more values stores its sums.
   */
  private static void writeMoments(ByteWriter body, WindowState s, int i) {
    long n = s.statN[i];
    body.writeVarLong(n);
    body.writeNumber(s.statMin[i]);
    if (n >= 2) {
      body.writeNumber(s.statMax[i]);
    }
    if (n >= 3) {
      body.writeNumber(s.statSum[i]);
      body.writeNumber(s.statSumSq[i]);
    }
  }

  private static void readMoments(ByteReader in, WindowState s, int st) {
    long n = in.readVarLong();
    if (n == 0) {
      throw new CorruptInputException("empty metric stat");
    }
    double min = in.readNumber();
    double max = n >= 2 ? in.readNumber() : min;
    s.statN[st] = n;
    s.statMin[st] = min;
    s.statMax[st] = max;
    if (n >= 3) {
      s.statSum[st] = in.readNumber();
      s.statSumSq[st] = in.readNumber();
    } else {
      // the same operations accumulation performed, in an order that gives the same result
      s.statSum[st] = n == 1 ? 0.0 + min : 0.0 + min + max;
      s.statSumSq[st] = n == 1 ? 0.0 + min * min : 0.0 + min * min + max * max;
    }
  }

  private static void writeCells(WindowState s, ByteWriter body) {
    int[][] devicesByCell = devicesByCell(s);
    body.writeVarInt(s.cellCount);
    for (int c = 0; c < s.cellCount; c++) {
      body.writeZigZag(s.cellMinute[c] - s.windowStartMinute);
      body.writeVarInt(s.cellPage[c]);
      body.writeVarLong(s.cellViews[c]);
      body.writeVarLong(s.cellLoadSum[c]);
      body.writeVarLong(s.cellLoadCount[c]);
      body.writeZigZag(s.cellLoadMax[c]);
      int[] ds = devicesByCell[c];
      body.writeVarInt(ds.length);
      int prev = 0;
      for (int d : ds) {
        body.writeVarInt(d - prev);
        prev = d;
      }
    }
  }

  /** The devices of each cell, sorted (a canonical order, independent of insertion history). */
  private static int[][] devicesByCell(WindowState s) {
    int[][] out = new int[s.cellCount][];
    int[] fill = new int[s.cellCount];
    for (int c = 0; c < s.cellCount; c++) {
      out[c] = new int[s.cellUnique[c]];
    }
    s.cellDevices.forEachKey(
        key -> {
          int cell = (int) (key >>> 32);
          out[cell][fill[cell]++] = (int) key;
        });
    for (int[] ds : out) {
      Arrays.sort(ds);
    }
    return out;
  }

  /** The state as the string stored in the Lambda state map. */
  public static String encodeBase64(WindowState s) {
    return Base64.getEncoder().encodeToString(encode(s));
  }

  /** The length of {@link #encodeBase64} without building the string. */
  public static long encodedChars(WindowState s) {
    return 4L * ((encode(s).length + 2) / 3);
  }

  public static WindowState decodeBase64(String text) {
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      throw new StateFormatException("window state is not valid base64: " + e.getMessage(), e);
    }
    return decode(bytes);
  }

  public static WindowState decode(byte[] bytes) {
    try {
      Envelope.Opened o = Envelope.open(bytes, MAGIC, VERSION, "window state", MAX_RAW);
      return read(o.body(), o.tail());
    } catch (Envelope.UnsupportedVersionException e) {
      throw new StateFormatException(
          "window state has "
              + e.getMessage()
              + ": it was written by another release of the consumer; let the window close"
              + " with that release or start the shard from a fresh state",
          e);
    } catch (CorruptInputException | IllegalArgumentException | IndexOutOfBoundsException e) {
      throw new StateFormatException("window state is corrupt: " + e.getMessage(), e);
    }
  }

  private static WindowState read(ByteReader in, ByteReader tail) {
    Instant start = Instant.ofEpochMilli(in.readZigZag());
    Instant end = Instant.ofEpochMilli(in.readZigZag());
    String seq = in.readString(128);
    int sub = (int) in.readZigZag();
    SegmentKey segment = new SegmentKey(start, seq, sub);
    long grace = in.readVarLong();
    long rawBytes = in.readVarLong();
    long measuredChars = in.readZigZag();
    long rawAtMeasure = in.readVarLong();
    long userRecords = in.readVarLong();
    long rejects = in.readVarLong();
    long validEvents = in.readVarLong();
    long duplicates = in.readVarLong();
    long lateEvents = in.readVarLong();
    long views = in.readVarLong();
    WindowState.Capacity cap =
        new WindowState.Capacity(
            in.readVarInt(MAX_ENTRIES, "page capacity"),
            in.readVarInt(MAX_ENTRIES, "device capacity"),
            in.readVarInt(MAX_ENTRIES, "cell capacity"),
            in.readVarInt(MAX_ENTRIES, "pair capacity"),
            in.readVarInt(MAX_ENTRIES, "stat capacity"),
            (int) Math.min(MAX_ENTRIES, Math.max(0, validEvents - duplicates)));
    WindowState s = new WindowState(segment, end, grace, cap);
    s.measuredChars = measuredChars;
    s.rawAtMeasure = rawAtMeasure;
    s.userRecords = userRecords;
    s.rejects = rejects;
    s.validEvents = validEvents;
    s.duplicates = duplicates;
    s.lateEvents = lateEvents;
    s.views = views;

    int pageCount = in.readVarInt(MAX_ENTRIES, "page count");
    for (int i = 0; i < pageCount; i++) {
      requireNew(s.pages.add(in.readString(MAX_STRING)), i, "page");
    }
    int deviceCount = in.readVarInt(MAX_ENTRIES, "device count");
    s.deviceEvents = new long[Math.max(4, deviceCount)];
    for (int i = 0; i < deviceCount; i++) {
      requireNew(s.devices.add(in.readString(MAX_STRING)), i, "device");
      s.deviceEvents[i] = in.readVarLong();
    }
    int metricCount = in.readVarInt(MAX_ENTRIES, "metric name count");
    for (int i = 0; i < metricCount; i++) {
      requireNew(s.metricNames.add(in.readString(MAX_STRING)), i, "metric name");
    }
    readCells(s, in, pageCount, deviceCount);
    int stats = in.readVarInt(MAX_ENTRIES, "metric stat count");
    for (int i = 0; i < stats; i++) {
      int device = in.readVarInt(deviceCount - 1, "stat device");
      int metric = in.readVarInt(metricCount - 1, "stat metric");
      if (s.metricIndex.putIfAbsent(((long) device << 32) | metric, s.statCount) >= 0) {
        throw new CorruptInputException("repeated device metric");
      }
      readMoments(in, s, s.newStat(device, metric));
    }
    if (in.remaining() != 0) {
      throw new CorruptInputException(in.remaining() + " unexpected bytes after the body");
    }
    FingerprintSet ids = FingerprintSet.readFrom(tail, MAX_ENTRIES);
    if (tail.remaining() != 0) {
      throw new CorruptInputException(tail.remaining() + " unexpected bytes after fingerprints");
    }
    s.ids = ids;
    s.rawBytes = rawBytes;
    checkTotals(s);
    return s;
  }

  private static void readCells(WindowState s, ByteReader in, int pageCount, int deviceCount) {
    int cells = in.readVarInt(MAX_ENTRIES, "cell count");
    for (int i = 0; i < cells; i++) {
      long minute = s.windowStartMinute + in.readZigZag();
      int page = in.readVarInt(pageCount - 1, "cell page");
      if (s.cellIndex.putIfAbsent((minute << 32) | page, s.cellCount) >= 0) {
        throw new CorruptInputException("repeated cell");
      }
      int c = s.newCell(minute, page);
      s.cellViews[c] = in.readVarLong();
      s.cellLoadSum[c] = in.readVarLong();
      s.cellLoadCount[c] = in.readVarLong();
      s.cellLoadMax[c] = (int) in.readZigZag();
      int unique = in.readVarInt(deviceCount, "cell device count");
      int device = 0;
      for (int k = 0; k < unique; k++) {
        device += in.readVarInt(deviceCount - 1, "cell device");
        if (device >= deviceCount || s.cellDevices.putIfAbsent(((long) c << 32) | device, 0) >= 0) {
          throw new CorruptInputException("bad device list of cell " + c);
        }
      }
      s.cellUnique[c] = unique;
    }
  }

  private static void requireNew(int id, int expected, String what) {
    if (id != expected) {
      throw new CorruptInputException("repeated " + what + " in dictionary");
    }
  }

  private static void checkTotals(WindowState s) {
    long counted = s.validEvents - s.duplicates;
    if (s.userRecords != s.rejects + s.validEvents
        || counted < 0
        || counted != s.ids.size()
        || s.lateEvents > counted
        || s.views > counted) {
      throw new CorruptInputException("counters do not add up");
    }
  }
}
