package dev.shardwise.core.window;

import dev.shardwise.core.window.internal.ByteWriter;
import dev.shardwise.core.window.internal.Envelope;
import dev.shardwise.core.window.internal.Envelope.Packing;
import dev.shardwise.core.window.internal.StringIndex;
import java.util.List;

/**
 * The format version 1 writer of the previous release, kept for tests only: states in flight during
 * a deploy were written by it, and this release must still read them. {@code WindowStateCodecTest}
 * checks it against a state the previous release wrote.
 */
final class WindowStateV1Writer {
  private static final byte[] MAGIC = {'S', 'W', 'W'};

  private WindowStateV1Writer() {}

  private static void writeDictionary(ByteWriter out, StringIndex d) {
    out.writeVarInt(d.size());
    String previous = "";
    for (int i = 0; i < d.size(); i++) {
      out.writeFrontCoded(previous, d.get(i));
      previous = d.get(i);
    }
  }

  static byte[] encode(WindowState s) {
    ByteWriter text = new ByteWriter(64);
    text.writeZigZag(s.segment.windowStart().toEpochMilli());
    text.writeZigZag(s.windowEnd.toEpochMilli());
    text.writeString(s.segment.firstSequence());
    text.writeZigZag(s.segment.firstSubSequence());
    text.writeVarLong(s.lateGraceMillis);
    writeDictionary(text, s.pages);
    writeDictionary(text, s.devices);
    writeDictionary(text, s.metricNames);
    ByteWriter numbers = new ByteWriter(64);
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
      numbers.writeZigZag(s.cellMinute[c] - s.windowStartMinute);
      numbers.writeVarInt(s.cellPage[c]);
      numbers.writeVarLong(s.cellViews[c]);
      numbers.writeVarLong(s.cellLoadCount[c]);
      if (s.cellLoadCount[c] > 0) {
        numbers.writeVarLong(s.cellLoadSum[c]);
        numbers.writeVarInt(s.cellLoadMax[c]);
      }
      int n = s.cellUnique[c];
      numbers.writeVarInt(n);
      int prev = -1;
      for (int k = 0; k < n; k++) {
        numbers.writeVarInt(s.cellDevices[c][k] - prev - 1);
        prev = s.cellDevices[c][k];
      }
    }
    numbers.writeVarInt(s.statCount);
    for (int i = 0; i < s.statCount; i++) {
      numbers.writeVarInt(s.statDevice[i]);
      numbers.writeVarInt(s.statMetric[i]);
      long n = s.statN[i];
      numbers.writeVarLong(n);
      numbers.writeNumber(s.statMin[i]);
      if (n >= 2) {
        numbers.writeNumber(s.statMax[i]);
      }
      if (n >= 3) {
        numbers.writeNumber(s.statSum[i]);
        numbers.writeNumber(s.statSumSq[i]);
      }
    }
    ByteWriter ids = new ByteWriter(64);
    s.ids.writeTo(ids);
    return Envelope.seal(
        MAGIC, 1, List.of(text, numbers, ids), List.of(Packing.TEXT, Packing.NUMBERS, Packing.RAW));
  }
}
