package dev.shardwise.core.detect.internal;

import dev.shardwise.core.window.StateFormatException;
import dev.shardwise.core.window.internal.ByteReader;
import dev.shardwise.core.window.internal.ByteWriter;
import dev.shardwise.core.window.internal.CorruptInputException;
import dev.shardwise.core.window.internal.Envelope;
import dev.shardwise.core.window.internal.Envelope.Packing;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The compact, canonical encodings of the per-key detector states (format version 1): an {@link
 * Envelope} (magic, version, CRC-32) with a zlib text section (the last window start, the metric
 * name dictionary and the keys, sorted and front-coded) and a raw numbers section (per key: last
 * seen as a varint of windows before the last window, counters as varints, statistics as 32-bit
 * floats). Keys are sorted, so equal states encode to equal bytes.
 */
public final class KeyedStateCodec {
  public static final int VERSION = 1;
  private static final byte[] DEVICE_MAGIC = "SWD".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] PAGE_MAGIC = "SWP".getBytes(StandardCharsets.US_ASCII);
  private static final int MAX_RAW = 256 << 20;
  private static final int MAX_KEY = 4096;

  private KeyedStateCodec() {}

  /** Decoded per-device state. */
  public record Devices(long lastWindow, TreeMap<String, DeviceEntry> entries) {}

  /** Decoded per-page state. */
  public record Pages(long lastWindow, TreeMap<String, PageEntry> entries) {}

  public static byte[] encodeDevices(long lastWindow, TreeMap<String, DeviceEntry> devices) {
    ByteWriter text = new ByteWriter(16 + devices.size() * 8);
    ByteWriter nums = new ByteWriter(16 + devices.size() * 64);
    text.writeZigZag(lastWindow);
    Map<String, Integer> dict = new HashMap<>();
    List<String> names = new ArrayList<>();
    for (DeviceEntry d : devices.values()) {
      for (MetricEntry m : d.metrics) {
        if (dict.putIfAbsent(m.name, names.size()) == null) {
          names.add(m.name);
        }
      }
    }
    text.writeVarInt(names.size());
    for (String n : names) {
      text.writeString(n);
    }
    text.writeVarInt(devices.size());
    String previous = "";
    for (Map.Entry<String, DeviceEntry> e : devices.entrySet()) {
      text.writeFrontCoded(previous, e.getKey());
      previous = e.getKey();
      DeviceEntry d = e.getValue();
      nums.writeVarLong(lastWindow - d.lastSeen);
      nums.writeVarInt(d.windows);
      writeFloat(nums, d.rateMean);
      writeFloat(nums, d.rateVar);
      nums.writeVarInt(d.metrics.length);
      for (MetricEntry m : d.metrics) {
        nums.writeVarInt(dict.get(m.name));
        nums.writeVarInt(m.windows);
        nums.writeDouble(m.level);
        writeFloat(nums, m.slope);
        writeFloat(nums, m.meanVar);
        writeFloat(nums, m.readVar);
        writeFloat(nums, m.cusumUp);
        writeFloat(nums, m.cusumDown);
      }
    }
    return Envelope.seal(
        DEVICE_MAGIC, VERSION, List.of(text, nums), List.of(Packing.TEXT, Packing.RAW));
  }

  public static Devices decodeDevices(byte[] bytes) {
    String what = "device detector state";
    try {
      Envelope.Opened o = Envelope.open(bytes, DEVICE_MAGIC, VERSION, what, MAX_RAW);
      if (o.sections().size() != 2) {
        throw new CorruptInputException(what + " has " + o.sections().size() + " sections");
      }
      ByteReader text = o.sections().get(0);
      ByteReader nums = o.sections().get(1);
      long lastWindow = text.readZigZag();
      int nNames = text.readVarInt(1 << 16, "metric names");
      String[] names = new String[nNames];
      for (int i = 0; i < nNames; i++) {
        names[i] = text.readString(MAX_KEY);
      }
      int n = text.readVarInt(1 << 24, "devices");
      TreeMap<String, DeviceEntry> out = new TreeMap<>();
      String previous = "";
      for (int i = 0; i < n; i++) {
        String key = text.readFrontCoded(previous, MAX_KEY);
        previous = key;
        DeviceEntry d = new DeviceEntry();
        d.lastSeen = lastWindow - nums.readVarLong();
        d.windows = nums.readVarInt(Integer.MAX_VALUE, "windows");
        d.rateMean = readFloat(nums);
        d.rateVar = readFloat(nums);
        int nm = nums.readVarInt(nNames, "metrics of a device");
        d.metrics = new MetricEntry[nm];
        for (int j = 0; j < nm; j++) {
          MetricEntry m = new MetricEntry(names[nums.readVarInt(nNames - 1, "metric name")]);
          m.windows = nums.readVarInt(Integer.MAX_VALUE, "windows");
          m.level = nums.readDouble();
          m.slope = readFloat(nums);
          m.meanVar = readFloat(nums);
          m.readVar = readFloat(nums);
          m.cusumUp = readFloat(nums);
          m.cusumDown = readFloat(nums);
          d.metrics[j] = m;
        }
        out.put(key, d);
      }
      finish(what, text, nums);
      return new Devices(lastWindow, out);
    } catch (Envelope.UnsupportedVersionException e) {
      throw new StateFormatException(what + ": " + e.getMessage(), e);
    } catch (CorruptInputException | IllegalArgumentException e) {
      throw new StateFormatException(what + " is corrupt: " + e.getMessage(), e);
    }
  }

  public static byte[] encodePages(long lastWindow, TreeMap<String, PageEntry> pages) {
    ByteWriter text = new ByteWriter(16 + pages.size() * 12);
    ByteWriter nums = new ByteWriter(16 + pages.size() * 12);
    text.writeZigZag(lastWindow);
    text.writeVarInt(pages.size());
    String previous = "";
    for (Map.Entry<String, PageEntry> e : pages.entrySet()) {
      text.writeFrontCoded(previous, e.getKey());
      previous = e.getKey();
      PageEntry p = e.getValue();
      nums.writeVarLong(lastWindow - p.lastSeen);
      nums.writeVarInt(p.windows);
      writeFloat(nums, p.share);
      writeFloat(nums, p.dispersion);
    }
    return Envelope.seal(
        PAGE_MAGIC, VERSION, List.of(text, nums), List.of(Packing.TEXT, Packing.RAW));
  }

  public static Pages decodePages(byte[] bytes) {
    String what = "page detector state";
    try {
      Envelope.Opened o = Envelope.open(bytes, PAGE_MAGIC, VERSION, what, MAX_RAW);
      if (o.sections().size() != 2) {
        throw new CorruptInputException(what + " has " + o.sections().size() + " sections");
      }
      ByteReader text = o.sections().get(0);
      ByteReader nums = o.sections().get(1);
      long lastWindow = text.readZigZag();
      int n = text.readVarInt(1 << 24, "pages");
      TreeMap<String, PageEntry> out = new TreeMap<>();
      String previous = "";
      for (int i = 0; i < n; i++) {
        String key = text.readFrontCoded(previous, MAX_KEY);
        previous = key;
        PageEntry p = new PageEntry();
        p.lastSeen = lastWindow - nums.readVarLong();
        p.windows = nums.readVarInt(Integer.MAX_VALUE, "windows");
        p.share = readFloat(nums);
        p.dispersion = readFloat(nums);
        out.put(key, p);
      }
      finish(what, text, nums);
      return new Pages(lastWindow, out);
    } catch (Envelope.UnsupportedVersionException e) {
      throw new StateFormatException(what + ": " + e.getMessage(), e);
    } catch (CorruptInputException | IllegalArgumentException e) {
      throw new StateFormatException(what + " is corrupt: " + e.getMessage(), e);
    }
  }

  private static void finish(String what, ByteReader text, ByteReader nums) {
    if (text.remaining() != 0 || nums.remaining() != 0) {
      throw new CorruptInputException(what + " has trailing bytes");
    }
  }

  private static void writeFloat(ByteWriter w, float f) {
    w.writeInt(Float.floatToRawIntBits(f));
  }

  private static float readFloat(ByteReader r) {
    return Float.intBitsToFloat(r.readInt());
  }
}
