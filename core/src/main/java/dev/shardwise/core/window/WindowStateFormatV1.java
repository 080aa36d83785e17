package dev.shardwise.core.window;

import dev.shardwise.core.window.internal.ByteReader;
import dev.shardwise.core.window.internal.CorruptInputException;

/**
 * Reads the numbers section of format version 1 (varints, Huffman-coded in the envelope), so that
 * states written by the previous release, in flight during a deploy, still decode. This release
 * never writes it.
 */
final class WindowStateFormatV1 {
  private WindowStateFormatV1() {}

  static WindowState read(WindowStateCodec.Text t, ByteReader numbers) {
    int pageCount = t.pages().length;
    int deviceCount = t.devices().length;
    int metricCount = t.metrics().length;
    long rawBytes = numbers.readVarLong();
    long measuredChars = numbers.readZigZag();
    long rawAtMeasure = numbers.readVarLong();
    long[] counters = new long[6];
    for (int i = 0; i < counters.length; i++) {
      counters[i] = numbers.readVarLong();
    }
    int cells = numbers.readVarInt(WindowStateCodec.MAX_ENTRIES, "cell count");
    WindowState s = t.newState(cells, 16);
    for (int d = 0; d < deviceCount; d++) {
      s.deviceEvents[d] = numbers.readVarLong();
    }
    for (int i = 0; i < cells; i++) {
      readCell(numbers, s, pageCount, deviceCount);
    }
    int stats = numbers.readVarInt(WindowStateCodec.MAX_ENTRIES, "metric stat count");
    for (int i = 0; i < stats; i++) {
      int device = numbers.readVarInt(deviceCount - 1, "stat device");
      int metric = numbers.readVarInt(metricCount - 1, "stat metric");
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
    s.rawBytes = rawBytes;
    s.measuredChars = measuredChars;
    s.rawAtMeasure = rawAtMeasure;
    return s;
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
      WindowStateCodec.sumsOfOneOrTwo(s, st);
    }
  }
}
