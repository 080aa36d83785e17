package dev.shardwise.core.window;

import dev.shardwise.core.window.internal.ByteReader;
import dev.shardwise.core.window.internal.ByteWriter;
import dev.shardwise.core.window.internal.CorruptInputException;
import dev.shardwise.core.window.internal.Envelope;
import dev.shardwise.core.window.internal.Envelope.Packing;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

/**
 * The binary encoding of a {@link WindowState} (format version 1), compact enough for Lambda's 1 MB
 * per-shard state, in a checksummed envelope starting {@code "SWW" 0x01} with three sections:
 *
 * <ol>
 *   <li>text (zlib): window, segment, settings; the page, device and metric-name dictionaries,
 *       front-coded in first-seen order;
 *   <li>numbers (zlib, Huffman only): counters, the budget measurement, cells (minute, page, views,
 *       load times, sorted device list), per-device event counts, metric moments;
 *   <li>raw: the fingerprint set ({@link FingerprintSet#writeTo}), which does not compress.
 * </ol>
 *
 * In the Lambda state map it travels as base64. Canonical: equal states (the same events in the
 * same order) encode to equal bytes, however the events were split into invocations. Decoding a
 * state of another format version, or corrupt bytes, throws {@link StateFormatException} with a
 * message that says which.
 */
public final class WindowStateCodec {
  /** The format version this release writes and reads. */
  public static final int VERSION = 1;

  private static final byte[] MAGIC = {'S', 'W', 'W'};
  private static final List<Packing> PACKINGS = List.of(Packing.TEXT, Packing.NUMBERS, Packing.RAW);
  private static final int MAX_RAW = 64 << 20;
  private static final int MAX_ENTRIES = 8_000_000;
  private static final int MAX_STRING = 1 << 17;

  private WindowStateCodec() {}

  public static byte[] encode(WindowState s) {
    ByteWriter text = new ByteWriter(64 + s.pages.size() * 16 + s.devices.size() * 12);
    text.writeZigZag(s.segment.windowStart().toEpochMilli());
    text.writeZigZag(s.windowEnd.toEpochMilli());
    text.writeString(s.segment.firstSequence());
    text.writeZigZag(s.segment.firstSubSequence());
    text.writeVarLong(s.lateGraceMillis);
    writeDictionary(text, s.pages::get, s.pages.size());
    writeDictionary(text, s.devices::get, s.devices.size());
    writeDictionary(text, s.metricNames::get, s.metricNames.size());

    ByteWriter numbers = new ByteWriter(64 + s.cellCount * 12 + s.statCount * 20);
    numbers.writeVarLong(s.rawBytes);
    numbers.writeZigZag(s.measuredChars);
    numbers.writeVarLong(s.rawAtMeasure);
    numbers.writeVarLong(s.userRecords);
    numbers.writeVarLong(s.rejects);
    numbers.writeVarLong(s.validEvents);
    numbers.writeVarLong(s.duplicates);
    numbers.writeVarLong(s.lateEvents);
    numbers.writeVarLong(s.views);
    numbers.writeVarInt(s.cellCount);
    for (int d = 0; d < s.devices.size(); d++) {
      numbers.writeVarLong(s.deviceEvents[d]);
    }
    for (int c = 0; c < s.cellCount; c++) {
      writeCell(numbers, s, c);
    }
    numbers.writeVarInt(s.statCount);
    for (int i = 0; i < s.statCount; i++) {
      numbers.writeVarInt(s.statDevice[i]);
      numbers.writeVarInt(s.statMetric[i]);
      writeMoments(numbers, s, i);
    }

    ByteWriter ids = new ByteWriter(s.ids.size() * 7 + 16);
    s.ids.writeTo(ids);
    return Envelope.seal(MAGIC, VERSION, List.of(text, numbers, ids), PACKINGS);
  }

  private interface Dictionary {
    String get(int id);
  }

  private static void writeDictionary(ByteWriter out, Dictionary d, int size) {
    out.writeVarInt(size);
    String previous = "";
    for (int i = 0; i < size; i++) {
      String s = d.get(i);
      out.writeFrontCoded(previous, s);
      previous = s;
    }
  }

  private static void writeCell(ByteWriter out, WindowState s, int c) {
    out.writeZigZag(s.cellMinute[c] - s.windowStartMinute);
    out.writeVarInt(s.cellPage[c]);
    out.writeVarLong(s.cellViews[c]);
    out.writeVarLong(s.cellLoadCount[c]);
    if (s.cellLoadCount[c] > 0) {
      out.writeVarLong(s.cellLoadSum[c]);
      out.writeVarInt(s.cellLoadMax[c]);
    }
    int n = s.cellUnique[c];
    int[] ds = s.cellDevices[c];
    out.writeVarInt(n);
    int prev = -1;
    for (int k = 0; k < n; k++) {
      out.writeVarInt(ds[k] - prev - 1);
      prev = ds[k];
    }
  }

  /**
   * One or two values determine every moment exactly (sums are commutative), so only a stat of
   * three or more values stores its sums.
   */
  private static void writeMoments(ByteWriter out, WindowState s, int i) {
    long n = s.statN[i];
    out.writeVarLong(n);
    out.writeNumber(s.statMin[i]);
    if (n >= 2) {
      out.writeNumber(s.statMax[i]);
    }
    if (n >= 3) {
      out.writeNumber(s.statSum[i]);
      out.writeNumber(s.statSumSq[i]);
    }
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
      if (o.sections().size() != PACKINGS.size()) {
        throw new CorruptInputException("window state has " + o.sections().size() + " sections");
      }
      WindowState s = read(o.sections().get(0), o.sections().get(1), o.sections().get(2));
      for (ByteReader section : o.sections()) {
        if (section.remaining() != 0) {
          throw new CorruptInputException(section.remaining() + " unexpected bytes in a section");
        }
      }
      return s;
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

  private static WindowState read(ByteReader text, ByteReader numbers, ByteReader idBytes) {
    Instant start = Instant.ofEpochMilli(text.readZigZag());
    Instant end = Instant.ofEpochMilli(text.readZigZag());
    String seq = text.readString(128);
    int sub = (int) text.readZigZag();
    SegmentKey segment = new SegmentKey(start, seq, sub);
    long grace = text.readVarLong();
    String[] pages = readDictionary(text, "page");
    String[] devices = readDictionary(text, "device");
    String[] metrics = readDictionary(text, "metric name");

    FingerprintSet ids = FingerprintSet.readFrom(idBytes, MAX_ENTRIES);
    long rawBytes = numbers.readVarLong();
    long measuredChars = numbers.readZigZag();
    long rawAtMeasure = numbers.readVarLong();
    long[] counters = new long[6];
    for (int i = 0; i < counters.length; i++) {
      counters[i] = numbers.readVarLong();
    }
    int cells = numbers.readVarInt(MAX_ENTRIES, "cell count");
    WindowState s =
        new WindowState(
            segment,
            end,
            grace,
            new WindowState.Capacity(pages.length, devices.length, cells, 16, 16));
    for (String p : pages) {
      requireNew(s.pages.add(p), s.pages.size() - 1, "page");
    }
    for (String d : devices) {
      requireNew(s.devices.add(d), s.devices.size() - 1, "device");
    }
    for (String m : metrics) {
      requireNew(s.metricNames.add(m), s.metricNames.size() - 1, "metric name");
    }
    for (int d = 0; d < devices.length; d++) {
      s.deviceEvents[d] = numbers.readVarLong();
    }
    for (int i = 0; i < cells; i++) {
      readCell(numbers, s, pages.length, devices.length);
    }
    int stats = numbers.readVarInt(MAX_ENTRIES, "metric stat count");
    for (int i = 0; i < stats; i++) {
      int device = numbers.readVarInt(devices.length - 1, "stat device");
      int metric = numbers.readVarInt(metrics.length - 1, "stat metric");
      if (s.metricIndex.putIfAbsent(((long) device << 32) | metric, s.statCount) >= 0) {
        throw new CorruptInputException("repeated device metric");
      }
      readMoments(numbers, s, s.newStat(device, metric));
    }
    s.userRecords = counters[0];
    s.rejects = counters[1];
    s.validEvents = counters[2];
    s.duplicates = counters[3];
    s.lateEvents = counters[4];
    s.views = counters[5];
    s.ids = ids;
    s.rawBytes = rawBytes;
    s.measuredChars = measuredChars;
    s.rawAtMeasure = rawAtMeasure;
    checkTotals(s);
    return s;
  }

  private static String[] readDictionary(ByteReader in, String what) {
    int n = in.readVarInt(MAX_ENTRIES, what + " count");
    String[] out = new String[n];
    String previous = "";
    for (int i = 0; i < n; i++) {
      previous = in.readFrontCoded(previous, MAX_STRING);
      out[i] = previous;
    }
    return out;
  }

  private static void readCell(ByteReader in, WindowState s, int pageCount, int deviceCount) {
    long minute = s.windowStartMinute + in.readZigZag();
    int page = in.readVarInt(pageCount - 1, "cell page");
    if (s.cellIndex.putIfAbsent((minute << 32) | page, s.cellCount) >= 0) {
      throw new CorruptInputException("repeated cell");
    }
    int c = s.newCell(minute, page);
    s.cellViews[c] = in.readVarLong();
    s.cellLoadCount[c] = in.readVarLong();
    if (s.cellLoadCount[c] > 0) {
      s.cellLoadSum[c] = in.readVarLong();
      s.cellLoadMax[c] = in.readVarInt(Integer.MAX_VALUE, "load max");
    }
    int unique = in.readVarInt(deviceCount, "cell device count");
    int[] ds = new int[unique];
    int device = -1;
    for (int k = 0; k < unique; k++) {
      device += 1 + in.readVarInt(deviceCount, "cell device");
      if (device >= deviceCount) {
        throw new CorruptInputException("bad device list of cell " + c);
      }
      ds[k] = device;
    }
    s.cellDevices[c] = ds;
    s.cellUnique[c] = unique;
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
