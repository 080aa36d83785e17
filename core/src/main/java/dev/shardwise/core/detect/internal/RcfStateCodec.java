package dev.shardwise.core.detect.internal;

import com.amazon.randomcutforest.RandomCutForest;
import com.amazon.randomcutforest.state.RandomCutForestMapper;
import com.amazon.randomcutforest.state.RandomCutForestState;
import dev.shardwise.core.window.StateFormatException;
import dev.shardwise.core.window.internal.ByteReader;
import dev.shardwise.core.window.internal.ByteWriter;
import dev.shardwise.core.window.internal.CorruptInputException;
import dev.shardwise.core.window.internal.Envelope;
import dev.shardwise.core.window.internal.Envelope.Packing;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The per-shard series detector's state (format version 1, magic {@code SWR}): a numbers section
 * (last window, windows seen, per feature EWMA mean and variance as doubles) and a zlib section
 * holding the forest as RCF's own {@link RandomCutForestState} (compact point store and samplers,
 * trees rebuilt on load), Java-serialised. Deserialisation accepts only RCF state classes, arrays
 * and JDK value types.
 */
public final class RcfStateCodec {
  public static final int VERSION = 1;
  private static final byte[] MAGIC = "SWR".getBytes(StandardCharsets.US_ASCII);
  private static final ObjectInputFilter FILTER =
      ObjectInputFilter.Config.createFilter(
          "com.amazon.randomcutforest.state.**;java.lang.*;java.util.*;maxdepth=20;!*");

  private RcfStateCodec() {}

  /** The decoded state; {@code forest} is null before the first full window. */
  public record Series(
      long lastWindow, int windows, double[] mean, double[] var, RandomCutForest forest) {}

  public static byte[] encode(Series s) {
    ByteWriter nums = new ByteWriter(64);
    nums.writeZigZag(s.lastWindow());
    nums.writeVarInt(s.windows());
    nums.writeVarInt(s.mean().length);
    for (int i = 0; i < s.mean().length; i++) {
      nums.writeDouble(s.mean()[i]);
      nums.writeDouble(s.var()[i]);
    }
    ByteWriter forest = new ByteWriter(16);
    if (s.forest() != null) {
      RandomCutForestMapper mapper = new RandomCutForestMapper();
      mapper.setSaveExecutorContextEnabled(true);
      mapper.setSaveTreeStateEnabled(false);
      mapper.setCompressionEnabled(true);
      byte[] b = serialise(mapper.toState(s.forest()));
      forest.writeBytes(b, 0, b.length);
    }
    return Envelope.seal(MAGIC, VERSION, List.of(nums, forest), List.of(Packing.RAW, Packing.TEXT));
  }

  public static Series decode(byte[] bytes) {
    String what = "shard series (RCF) detector state";
    try {
      Envelope.Opened o = Envelope.open(bytes, MAGIC, VERSION, what, 64 << 20);
      if (o.sections().size() != 2) {
        throw new CorruptInputException(what + " has " + o.sections().size() + " sections");
      }
      ByteReader nums = o.sections().get(0);
      long last = nums.readZigZag();
      int windows = nums.readVarInt(Integer.MAX_VALUE, "windows");
      int n = nums.readVarInt(64, "features");
      double[] mean = new double[n];
      double[] var = new double[n];
      for (int i = 0; i < n; i++) {
        mean[i] = nums.readDouble();
        var[i] = nums.readDouble();
      }
      ByteReader f = o.sections().get(1);
      RandomCutForest forest = null;
      if (f.remaining() > 0) {
        byte[] b = new byte[f.remaining()];
        f.readFully(b, 0, b.length);
        forest = new RandomCutForestMapper().toModel(deserialise(b, what));
      }
      return new Series(last, windows, mean, var, forest);
    } catch (Envelope.UnsupportedVersionException e) {
      throw new StateFormatException(what + ": " + e.getMessage(), e);
    } catch (CorruptInputException | IllegalArgumentException e) {
      throw new StateFormatException(what + " is corrupt: " + e.getMessage(), e);
    }
  }

  private static byte[] serialise(RandomCutForestState state) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(state);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  private static RandomCutForestState deserialise(byte[] b, String what) {
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(b))) {
      in.setObjectInputFilter(FILTER);
      return (RandomCutForestState) in.readObject();
    } catch (IOException | ClassNotFoundException | ClassCastException e) {
      throw new StateFormatException(what + ": unreadable forest: " + e.getMessage(), e);
    }
  }
}
