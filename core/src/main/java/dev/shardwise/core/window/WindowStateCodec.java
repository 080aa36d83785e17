package dev.shardwise.core.window;

import dev.shardwise.core.window.internal.Base64Codec;
import dev.shardwise.core.window.internal.ByteReader;
import dev.shardwise.core.window.internal.ByteWriter;
import dev.shardwise.core.window.internal.CorruptInputException;
import dev.shardwise.core.window.internal.Envelope;
import dev.shardwise.core.window.internal.Envelope.Packing;
import dev.shardwise.core.window.internal.FrontCodedLog;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * The binary encoding of a {@link WindowState}, compact enough for Lambda's 1 MB per-shard state,
 * in a checksummed envelope starting {@code "SWW"} and the format version, with three sections:
 *
 * <ol>
 *   <li>text (zlib): window, segment, settings; the page, device and metric-name dictionaries,
 *       front-coded in first-seen order (version 2 by UTF-8 bytes, version 1 by chars);
 *   <li>numbers: counters, the budget measurement, cells (minute, page, views, load times, sorted
 *       device list), per-device event counts, metric moments. Version 2 ({@link
 *       WindowStateFormatV2}, written) bit-packs them with Rice and gamma codes and stores them as
 *       is; version 1 ({@link WindowStateFormatV1}, still read, for states in flight during a
 *       deploy) wrote varints and Huffman-coded them;
 *   <li>raw: the fingerprint set ({@link FingerprintSet#writeTo}), which does not compress.
 * </ol>
 *
 * In the Lambda state map it travels as base64. Canonical: equal states (the same events in the
 * same order) encode to equal bytes, however the events were split into invocations. Decoding a
 * state of another format version, or corrupt bytes, throws {@link StateFormatException} with a
 * message that says which.
 */
public final class WindowStateCodec {
  /** The format version this release writes. */
  public static final int VERSION = 2;

  /** The oldest format version this release reads. */
  public static final int OLDEST_READ_VERSION = 1;

  private static final byte[] MAGIC = {'S', 'W', 'W'};
  private static final List<Packing> PACKINGS_V1 =
      List.of(Packing.TEXT, Packing.NUMBERS, Packing.RAW);
  private static final List<Packing> PACKINGS = List.of(Packing.TEXT, Packing.RAW, Packing.RAW);
  private static final int MAX_RAW = 64 << 20;
  static final int MAX_ENTRIES = 8_000_000;
  private static final int MAX_STRING = 1 << 17;

  private WindowStateCodec() {}

  /**
   * Per thread, the buffers the sections are written to before the envelope copies them, and the
   * envelope itself: reused, as allocating (and zeroing) hundreds of kilobytes for every encode
   * cost more than the copy. They keep the size of the largest state the thread encoded.
   */
  private static final ThreadLocal<ByteWriter[]> SECTIONS =
      ThreadLocal.withInitial(
          () ->
              new ByteWriter[] {
                new ByteWriter(1 << 12),
                new ByteWriter(1 << 12),
                new ByteWriter(1 << 12),
                new ByteWriter(1 << 12)
              });

  /**
   * Per thread, the scratch array of base64 (encoded or decoded bytes): the state string is the
   * only new array of an encode, and a decode allocates only what the state keeps. Sized to the
   * largest state seen.
   */
  private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

  private static final class Scratch {
    byte[] bytes = new byte[0];

    byte[] bytes(int n) {
      if (bytes.length < n) {
        bytes = new byte[Math.max(n, bytes.length + bytes.length / 2)];
      }
      return bytes;
    }
  }

  public static byte[] encode(WindowState s) {
    ByteWriter sealed = sealed(s);
    // a copy, always: toByteArray would hand out the thread's buffer itself when it is full
    return Arrays.copyOf(sealed.array(), sealed.size());
  }

  /** The encoding in this thread's envelope buffer. */
  private static ByteWriter sealed(WindowState s) {
    ByteWriter[] sections = SECTIONS.get();
    ByteWriter text = sections[0].reset();
    ByteWriter numbers = sections[1].reset();
    ByteWriter ids = sections[2].reset();
    writeText(text, s);
    WindowStateFormatV2.write(s, numbers);
    s.ids.writeTo(ids);
    ByteWriter out = sections[3].reset();
    Envelope.sealInto(MAGIC, VERSION, List.of(text, numbers, ids), PACKINGS, out);
    return out;
  }

  /**
   * The text section. Version 1 front-coded the dictionaries by chars ({@link
   * ByteWriter#writeFrontCoded}); version 2 by UTF-8 bytes ({@link FrontCodedLog}: the state keeps
   * each dictionary's encoding up to date as it grows, so writing it is a copy); the rest is the
   * same.
   */
  static void writeText(ByteWriter text, WindowState s) {
    text.writeZigZag(s.segment.windowStart().toEpochMilli());
    text.writeZigZag(s.windowEnd.toEpochMilli());
    text.writeString(s.segment.firstSequence());
    text.writeZigZag(s.segment.firstSubSequence());
    text.writeVarLong(s.lateGraceMillis);
    s.pageLog.writeTo(text);
    s.deviceLog.writeTo(text);
    s.metricLog.writeTo(text);
  }

  /** The state as the string stored in the Lambda state map. */
  public static String encodeBase64(WindowState s) {
    ByteWriter sealed = sealed(s);
    int n = Base64Codec.encodedLength(sealed.size());
    return Base64Codec.encode(sealed.array(), 0, sealed.size(), SCRATCH.get().bytes(n));
  }

  /** The length of {@link #encodeBase64} without building the string. */
  public static long encodedChars(WindowState s) {
    return Base64Codec.encodedLength(sealed(s).size());
  }

  public static WindowState decodeBase64(String text) {
    Scratch scratch = SCRATCH.get();
    byte[] bytes;
    int length;
    try {
      length = Base64Codec.decodedLength(text);
      bytes = scratch.bytes(length);
      Base64Codec.decode(text, bytes);
    } catch (IllegalArgumentException e) {
      throw new StateFormatException("window state is not valid base64: " + e.getMessage(), e);
    }
    return decode(bytes, length);
  }

  public static WindowState decode(byte[] bytes) {
    return decode(bytes, bytes.length);
  }

  /** Decodes the first {@code length} bytes; the state keeps no reference to {@code bytes}. */
  private static WindowState decode(byte[] bytes, int length) {
    try {
      Envelope.Opened o =
          Envelope.open(
              bytes, length, MAGIC, OLDEST_READ_VERSION, VERSION, "window state", MAX_RAW);
      List<Packing> packings = o.version() == 1 ? PACKINGS_V1 : PACKINGS;
      if (!o.packings().equals(packings)) {
        throw new CorruptInputException(
            "window state version " + o.version() + " has sections " + o.packings());
      }
      ByteReader numbers = o.sections().get(1);
      Text t = readText(o.sections().get(0), o.version());
      FingerprintSet ids = FingerprintSet.readFrom(o.sections().get(2), MAX_ENTRIES);
      WindowState s =
          o.version() == 1
              ? WindowStateFormatV1.read(t, numbers)
              : WindowStateFormatV2.read(t, numbers);
      for (ByteReader section : o.sections()) {
        if (section.remaining() != 0) {
          throw new CorruptInputException(section.remaining() + " unexpected bytes in a section");
        }
      }
      s.ids = ids;
      checkTotals(s);
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

  /**
   * What the text section holds; {@code logs} are the dictionaries' encodings (pages, devices,
   * metric names) when they are in this release's form (version 2), else null.
   */
  record Text(
      SegmentKey segment,
      Instant end,
      long grace,
      String[] pages,
      String[] devices,
      String[] metrics,
      FrontCodedLog[] logs) {

    /** An empty state with these settings and dictionaries, sized for its cells and stats. */
    WindowState newState(int cells, int stats) {
      WindowState s =
          new WindowState(
              segment,
              end,
              grace,
              new WindowState.Capacity(pages.length, devices.length, cells, stats, 16),
              logs);
      for (String p : pages) {
        requireNew(s.pages.add(p), s.pages.size() - 1, "page");
      }
      for (String d : devices) {
        requireNew(s.devices.add(d), s.devices.size() - 1, "device");
      }
      for (String m : metrics) {
        requireNew(s.metricNames.add(m), s.metricNames.size() - 1, "metric name");
      }
      if (logs == null) {
        appendAll(s.pageLog, pages);
        appendAll(s.deviceLog, devices);
        appendAll(s.metricLog, metrics);
      }
      return s;
    }

    private static void appendAll(FrontCodedLog log, String[] strings) {
      for (String x : strings) {
        log.append(x);
      }
    }
  }

  private static Text readText(ByteReader text, int version) {
    Instant start = Instant.ofEpochMilli(text.readZigZag());
    Instant end = Instant.ofEpochMilli(text.readZigZag());
    String seq = text.readString(128);
    int sub = (int) text.readZigZag();
    SegmentKey segment = new SegmentKey(start, seq, sub);
    long grace = text.readVarLong();
    if (version == 1) {
      String[] pages = readDictionaryV1(text, "page");
      String[] devices = readDictionaryV1(text, "device");
      String[] metrics = readDictionaryV1(text, "metric name");
      return new Text(segment, end, grace, pages, devices, metrics, null);
    }
    FrontCodedLog[] logs = new FrontCodedLog[3];
    String[] pages = readDictionary(text, "page", logs, 0);
    String[] devices = readDictionary(text, "device", logs, 1);
    String[] metrics = readDictionary(text, "metric name", logs, 2);
    return new Text(segment, end, grace, pages, devices, metrics, logs);
  }

  private static String[] readDictionaryV1(ByteReader in, String what) {
    int n = in.readVarInt(MAX_ENTRIES, what + " count");
    String[] out = new String[n];
    String previous = "";
    for (int i = 0; i < n; i++) {
      previous = in.readFrontCoded(previous, MAX_STRING);
      out[i] = previous;
    }
    return out;
  }

  private static String[] readDictionary(ByteReader in, String what, FrontCodedLog[] logs, int i) {
    int n = in.readVarInt(MAX_ENTRIES, what + " count");
    String[] out = new String[n];
    logs[i] = FrontCodedLog.read(in, out, MAX_STRING, what);
    return out;
  }

  /**
   * Sets the sums of a stat of one or two values from its min and max: those determine them exactly
   * (sums are commutative), so neither format stores them.
   */
  static void sumsOfOneOrTwo(WindowState s, int st) {
    double min = s.statMin[st];
    double max = s.statMax[st];
    // the same operations accumulation performed, in an order that gives the same result
    s.statSum[st] = s.statN[st] == 1 ? 0.0 + min : 0.0 + min + max;
    s.statSumSq[st] = s.statN[st] == 1 ? 0.0 + min * min : 0.0 + min * min + max * max;
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
