package dev.shardwise.core.window;

import dev.shardwise.core.window.internal.BitReader;
import dev.shardwise.core.window.internal.BitWriter;
import dev.shardwise.core.window.internal.ByteReader;
import dev.shardwise.core.window.internal.ByteWriter;
import dev.shardwise.core.window.internal.CorruptInputException;

/**
 * The numbers section of format version 2: modelled tightly enough that it is stored without zlib
 * (which cost most of the time of version 1). Varints for the counters, then one bit stream:
 *
 * <ol>
 *   <li>Rice parameters (6 bits each), chosen from each column's mean;
 *   <li>per device, its event count (Rice);
 *   <li>per cell, in cell order: minute offset (zig-zag, Rice); page (one bit when it is the next
 *       page not yet seen in a cell, as it is for every page's first cell; else the id in fixed
 *       width); views (Rice); views without a load time (Rice); if any load time, the max (Rice)
 *       and, from two on, sum − max in the width of max × (count − 1); the device count (Rice) and
 *       the gaps of the sorted device list (Rice);
 *   <li>per metric stat: device (one bit when the previous stat's, else fixed width), metric (fixed
 *       width), count − 1 (Rice), min, max from two values, sum and sum of squares from three
 *       ({@link #writeNumber}).
 * </ol>
 */
final class WindowStateFormatV2 {
  private static final int K_DEVICE_EVENTS = 0;
  private static final int K_MINUTE = 1;
  private static final int K_VIEWS = 2;
  private static final int K_NO_LOAD = 3;
  private static final int K_LOAD_MAX = 4;
  private static final int K_UNIQUE = 5;
  private static final int K_GAP = 6;
  private static final int K_STAT_N = 7;
  private static final int PARAMETERS = 8;

  private static final int NUMBER_INTEGER = 0;
  private static final int NUMBER_DECIMAL = 1;
  private static final int NUMBER_RAW = 2;
  private static final double[] POWERS_OF_TEN = {1, 10, 100, 1000};

  private WindowStateFormatV2() {}

  static void write(WindowState s, ByteWriter out) {
    int deviceCount = s.devices.size();
    out.writeVarLong(s.rawBytes);
    out.writeZigZag(s.measuredChars);
    out.writeVarLong(s.rawAtMeasure);
    out.writeVarLong(s.userRecords);
    out.writeVarLong(s.rejects);
    out.writeVarLong(s.validEvents);
    out.writeVarLong(s.duplicates);
    out.writeVarLong(s.lateEvents);
    out.writeVarLong(s.views);
    out.writeVarInt(s.cellCount);
    out.writeVarInt(s.statCount);

    int[] k = parameters(s);
    BitWriter bits = new BitWriter(out);
    for (int p : k) {
      bits.write(p, 6);
    }
    for (int d = 0; d < deviceCount; d++) {
      bits.writeRice(s.deviceEvents[d], k[K_DEVICE_EVENTS]);
    }
    int pageWidth = width(s.pages.size() - 1);
    int nextNewPage = 0;
    for (int c = 0; c < s.cellCount; c++) {
      bits.writeRice(zigZag(s.cellMinute[c] - s.windowStartMinute), k[K_MINUTE]);
      int page = s.cellPage[c];
      if (page == nextNewPage) {
        bits.write(1, 1);
        nextNewPage++;
      } else {
        bits.write(0, 1);
        bits.write(page, pageWidth);
      }
      long views = s.cellViews[c];
      long loads = s.cellLoadCount[c];
      bits.writeRice(views, k[K_VIEWS]);
      bits.writeRice(views - loads, k[K_NO_LOAD]);
      if (loads > 0) {
        int max = s.cellLoadMax[c];
        bits.writeRice(max, k[K_LOAD_MAX]);
        long extra = s.cellLoadSum[c] - max;
        if (loads == 1 ? extra != 0 : extra < 0 || extra > loadBound(max, loads)) {
          throw new IllegalStateException("cell " + c + " has load times that do not add up");
        }
        if (loads >= 2) {
          bits.write(extra, width(loadBound(max, loads)));
        }
      }
      int n = s.cellUnique[c];
      int[] ds = s.cellDevices[c];
      bits.writeRice(n, k[K_UNIQUE]);
      int prev = -1;
      int kGap = k[K_GAP];
      for (int j = 0; j < n; j++) {
        bits.writeRice(ds[j] - prev - 1, kGap);
        prev = ds[j];
      }
    }
    int deviceWidth = width(deviceCount - 1);
    int metricWidth = width(s.metricNames.size() - 1);
    int previousDevice = -1;
    for (int i = 0; i < s.statCount; i++) {
      int device = s.statDevice[i];
      if (device == previousDevice) {
        bits.write(1, 1);
      } else {
        bits.write(0, 1);
        bits.write(device, deviceWidth);
        previousDevice = device;
      }
      bits.write(s.statMetric[i], metricWidth);
      long n = s.statN[i];
      bits.writeRice(n - 1, k[K_STAT_N]);
      writeNumber(bits, s.statMin[i]);
      if (n >= 2) {
        writeNumber(bits, s.statMax[i]);
      }
      if (n >= 3) {
        writeNumber(bits, s.statSum[i]);
        writeNumber(bits, s.statSumSq[i]);
      }
    }
    bits.flush();
  }

  /** Each column's Rice parameter, from its mean. */
  private static int[] parameters(WindowState s) {
    long[] sums = new long[PARAMETERS];
    long[] counts = new long[PARAMETERS];
    for (int d = 0; d < s.devices.size(); d++) {
      sums[K_DEVICE_EVENTS] += s.deviceEvents[d];
    }
    counts[K_DEVICE_EVENTS] = s.devices.size();
    for (int c = 0; c < s.cellCount; c++) {
      sums[K_MINUTE] += zigZag(s.cellMinute[c] - s.windowStartMinute);
      sums[K_VIEWS] += s.cellViews[c];
      sums[K_NO_LOAD] += s.cellViews[c] - s.cellLoadCount[c];
      if (s.cellLoadCount[c] > 0) {
        sums[K_LOAD_MAX] += s.cellLoadMax[c];
        counts[K_LOAD_MAX]++;
      }
      int n = s.cellUnique[c];
      sums[K_UNIQUE] += n;
      // n devices spread over the dictionary leave gaps of about (devices - n) / (n + 1): an
      // estimate that spares reading every cell's list twice (the parameter is stored anyway)
      sums[K_GAP] += (long) Math.max(0, s.devices.size() - n) * n / (n + 1);
      counts[K_GAP] += n;
    }
    counts[K_MINUTE] = s.cellCount;
    counts[K_VIEWS] = s.cellCount;
    counts[K_NO_LOAD] = s.cellCount;
    counts[K_UNIQUE] = s.cellCount;
    for (int i = 0; i < s.statCount; i++) {
      sums[K_STAT_N] += s.statN[i] - 1;
    }
    counts[K_STAT_N] = s.statCount;
    int[] k = new int[PARAMETERS];
    for (int i = 0; i < PARAMETERS; i++) {
      k[i] = BitWriter.riceParameter(sums[i], counts[i]);
    }
    return k;
  }

  static WindowState read(WindowStateCodec.Text t, ByteReader in) {
    int pageCount = t.pages().length;
    int deviceCount = t.devices().length;
    int metricCount = t.metrics().length;
    long rawBytes = in.readVarLong();
    long measuredChars = in.readZigZag();
    long rawAtMeasure = in.readVarLong();
    long[] counters = new long[6];
    for (int i = 0; i < counters.length; i++) {
      counters[i] = in.readVarLong();
    }
    int cells = in.readVarInt(WindowStateCodec.MAX_ENTRIES, "cell count");
    int stats = in.readVarInt(WindowStateCodec.MAX_ENTRIES, "metric stat count");
    WindowState s = t.newState(cells, stats);
    BitReader bits = new BitReader(in, in.remaining());
    int[] k = new int[PARAMETERS];
    for (int i = 0; i < PARAMETERS; i++) {
      k[i] = (int) bits.read(6);
      if (k[i] > 62) {
        throw new CorruptInputException("bad Rice parameter " + k[i]);
      }
    }
    for (int d = 0; d < deviceCount; d++) {
      s.deviceEvents[d] = bits.readRice(k[K_DEVICE_EVENTS]);
    }
    int pageWidth = width(pageCount - 1);
    int nextNewPage = 0;
    for (int i = 0; i < cells; i++) {
      long minute = s.windowStartMinute + unZigZag(bits.readRice(k[K_MINUTE]));
      int page;
      if (bits.read(1) == 1) {
        page = nextNewPage++;
      } else {
        page = (int) bits.read(pageWidth);
      }
      if (page >= pageCount) {
        throw new CorruptInputException("cell page out of range: " + page);
      }
      if (s.cellIndex.putIfAbsent((minute << 32) | page, s.cellCount) >= 0) {
        throw new CorruptInputException("repeated cell");
      }
      int c = s.newCell(minute, page);
      long views = bits.readRice(k[K_VIEWS]);
      long loads = views - bits.readRice(k[K_NO_LOAD]);
      if (loads < 0) {
        throw new CorruptInputException(
            "cell " + c + " has more views without load time than views");
      }
      s.cellViews[c] = views;
      s.cellLoadCount[c] = loads;
      if (loads > 0) {
        int max = bits.readRiceInt(k[K_LOAD_MAX], Integer.MAX_VALUE, "load max");
        s.cellLoadMax[c] = max;
        s.cellLoadSum[c] = loads == 1 ? max : max + bits.read(width(loadBound(max, loads)));
      }
      int n = bits.readRiceInt(k[K_UNIQUE], deviceCount, "cell device count");
      int[] ds = new int[n];
      int device = -1;
      int kGap = k[K_GAP];
      for (int j = 0; j < n; j++) {
        device += 1 + bits.readRiceInt(kGap, deviceCount, "cell device");
        if (device >= deviceCount) {
          throw new CorruptInputException("bad device list of cell " + c);
        }
        ds[j] = device;
      }
      s.cellDevices[c] = ds;
      s.cellUnique[c] = n;
    }
    int deviceWidth = width(deviceCount - 1);
    int metricWidth = width(metricCount - 1);
    int previousDevice = -1;
    for (int i = 0; i < stats; i++) {
      int device = bits.read(1) == 1 ? previousDevice : (int) bits.read(deviceWidth);
      int metric = (int) bits.read(metricWidth);
      if (device < 0 || device >= deviceCount || metric >= metricCount) {
        throw new CorruptInputException("metric stat " + i + " out of range");
      }
      previousDevice = device;
      if (s.metricIndex.putIfAbsent(((long) device << 32) | metric, s.statCount) >= 0) {
        throw new CorruptInputException("repeated device metric");
      }
      int st = s.newStat(device, metric);
      long n = bits.readRice(k[K_STAT_N]) + 1;
      s.statN[st] = n;
      double min = readNumber(bits);
      s.statMin[st] = min;
      s.statMax[st] = n >= 2 ? readNumber(bits) : min;
      if (n >= 3) {
        s.statSum[st] = readNumber(bits);
        s.statSumSq[st] = readNumber(bits);
      } else {
        WindowStateCodec.sumsOfOneOrTwo(s, st);
      }
    }
    bits.requireOnlyPadding();
    s.userRecords = counters[0];
    s.rejects = counters[1];
    s.validEvents = counters[2];
    s.duplicates = counters[3];
    s.lateEvents = counters[4];
    s.views = counters[5];
    s.rawBytes = rawBytes;
    s.measuredChars = measuredChars;
    s.rawAtMeasure = rawAtMeasure;
    return s;
  }

  /** The largest sum − max of {@code loads} load times of at most {@code max}. */
  private static long loadBound(int max, long loads) {
    long n = loads - 1;
    return Math.multiplyHigh(max, n) != 0 || max * n < 0 ? Long.MAX_VALUE : max * n;
  }

  /** Bits needed for values 0..max (0 for max <= 0). */
  private static int width(long max) {
    return max <= 0 ? 0 : 64 - Long.numberOfLeadingZeros(max);
  }

  private static long zigZag(long v) {
    return (v << 1) ^ (v >> 63);
  }

  private static long unZigZag(long v) {
    return (v >>> 1) ^ -(v & 1);
  }

  /**
   * A double, exactly: an integer of at most 2^53 in magnitude as tag 0 and a gamma-coded zig-zag
   * value; a decimal with 1 to 3 places that divides back to the same double as tag 1, the places
   * and the gamma-coded zig-zag mantissa; anything else (fractions, -0.0, NaN, infinities) as tag 2
   * and the 64 raw bits.
   */
  static void writeNumber(BitWriter out, double d) {
    long l = (long) d;
    if (l == d && Math.abs(l) <= (1L << 53) && !(l == 0 && 1 / d < 0)) {
      out.write(NUMBER_INTEGER, 2);
      out.writeGamma(zigZag(l));
      return;
    }
    if (Math.abs(d) < 1e12) { // NaN and infinities fail this too
      for (int places = 1; places < POWERS_OF_TEN.length; places++) {
        long m = Math.round(d * POWERS_OF_TEN[places]);
        if (m / POWERS_OF_TEN[places] == d && !(m == 0 && 1 / d < 0)) {
          out.write(NUMBER_DECIMAL, 2);
          out.write(places - 1, 2);
          out.writeGamma(zigZag(m));
          return;
        }
      }
    }
    out.write(NUMBER_RAW, 2);
    out.write(Double.doubleToRawLongBits(d), 64);
  }

  static double readNumber(BitReader in) {
    int tag = (int) in.read(2);
    switch (tag) {
      case NUMBER_INTEGER:
        return unZigZag(in.readGamma());
      case NUMBER_DECIMAL:
        int places = (int) in.read(2) + 1;
        if (places >= POWERS_OF_TEN.length) {
          throw new CorruptInputException("bad decimal places " + places);
        }
        return unZigZag(in.readGamma()) / POWERS_OF_TEN[places];
      case NUMBER_RAW:
        return Double.longBitsToDouble(in.read(64));
      default:
        throw new CorruptInputException("bad number tag " + tag);
    }
  }
}
