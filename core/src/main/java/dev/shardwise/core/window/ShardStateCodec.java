package dev.shardwise.core.window;

import dev.shardwise.core.window.internal.ByteReader;
import dev.shardwise.core.window.internal.ByteWriter;
import dev.shardwise.core.window.internal.CorruptInputException;
import dev.shardwise.core.window.internal.Envelope;
import dev.shardwise.core.window.internal.Envelope.Packing;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The binary encoding of a {@link ShardState} (format version 1): a checksummed envelope starting
 * {@code "SWS" 0x01}; the last applied segment, detector states, the last close's anomaly rows and
 * segment keys in a compressed body; the fingerprint sets after it. Unknown versions and corrupt
 * bytes throw {@link StateFormatException}.
 */
public final class ShardStateCodec {
  public static final int VERSION = 1;

  private static final byte[] MAGIC = {'S', 'W', 'S'};
  private static final int MAX_RAW = 256 << 20;
  private static final int MAX_ENTRIES = 1 << 20;

  private ShardStateCodec() {}

  public static byte[] encode(ShardState s) {
    ByteWriter body = new ByteWriter(1024);
    body.writeByte(s.lastApplied() == null ? 0 : 1);
    if (s.lastApplied() != null) {
      writeKey(body, s.lastApplied());
    }
    body.writeVarInt(s.detectorStates().size());
    for (Map.Entry<String, byte[]> e : s.detectorStates().entrySet()) {
      body.writeString(e.getKey());
      body.writeBytesWithLength(e.getValue());
    }
    body.writeVarInt(s.lastAnomalyRows().size());
    for (byte[] row : s.lastAnomalyRows()) {
      body.writeBytesWithLength(row);
    }
    body.writeVarInt(s.recent().size());
    ByteWriter tail = new ByteWriter(1024);
    for (ShardState.ClosedSegment c : s.recent()) {
      writeKey(body, c.segment());
      c.fingerprints().writeTo(tail);
    }
    // Stored raw: the detector states, nearly all of the body, are dense already (their own
    // sections are compressed or float bytes); deflating them again doubled the cost of a close.
    return Envelope.seal(MAGIC, VERSION, List.of(body, tail), List.of(Packing.RAW, Packing.RAW));
  }

  private static void writeKey(ByteWriter out, SegmentKey k) {
    out.writeZigZag(k.windowStart().toEpochMilli());
    out.writeString(k.firstSequence());
    out.writeZigZag(k.firstSubSequence());
  }

  private static SegmentKey readKey(ByteReader in) {
    Instant start = Instant.ofEpochMilli(in.readZigZag());
    return new SegmentKey(start, in.readString(128), (int) in.readZigZag());
  }

  public static ShardState decode(byte[] bytes) {
    try {
      Envelope.Opened o = Envelope.open(bytes, MAGIC, VERSION, "shard state", MAX_RAW);
      if (o.sections().size() != 2) {
        throw new CorruptInputException("shard state has " + o.sections().size() + " sections");
      }
      ByteReader in = o.sections().get(0);
      ByteReader tail = o.sections().get(1);
      SegmentKey last = in.readByte() == 1 ? readKey(in) : null;
      int detectors = in.readVarInt(MAX_ENTRIES, "detector count");
      Map<String, byte[]> states = new LinkedHashMap<>();
      for (int i = 0; i < detectors; i++) {
        String name = in.readString(256);
        if (states.put(name, in.readBytesWithLength(Integer.MAX_VALUE - 16)) != null) {
          throw new CorruptInputException("repeated detector " + name);
        }
      }
      int rowCount = in.readVarInt(MAX_ENTRIES, "anomaly row count");
      List<byte[]> rows = new ArrayList<>(rowCount);
      for (int i = 0; i < rowCount; i++) {
        rows.add(in.readBytesWithLength(1 << 20));
      }
      int recentCount = in.readVarInt(MAX_ENTRIES, "recent segment count");
      List<ShardState.ClosedSegment> recent = new ArrayList<>(recentCount);
      for (int i = 0; i < recentCount; i++) {
        SegmentKey k = readKey(in);
        recent.add(new ShardState.ClosedSegment(k, FingerprintSet.readFrom(tail, 1 << 26)));
      }
      if (in.remaining() != 0 || tail.remaining() != 0) {
        throw new CorruptInputException("unexpected bytes after the shard state");
      }
      return new ShardState(last, states, recent, rows);
    } catch (Envelope.UnsupportedVersionException e) {
      throw new StateFormatException(
          "shard state has " + e.getMessage() + ": it was written by another release", e);
    } catch (CorruptInputException | IllegalArgumentException e) {
      throw new StateFormatException("shard state is corrupt: " + e.getMessage(), e);
    }
  }
}
