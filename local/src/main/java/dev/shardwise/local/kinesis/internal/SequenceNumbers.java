package dev.shardwise.local.kinesis.internal;

/**
 * Sequence numbers in AWS's shape: 56 decimal digits, starting with {@code 49}. Ours carry the
 * shard's index and the record's position in the shard, so they increase within a shard, a child
 * shard's numbers are above its parents', and a lookup by sequence number is O(1).
 *
 * <p>Layout: {@code 49} + the stream's epoch (its creation time in epoch milliseconds, 24 digits) +
 * shard index (10 digits) + position in the shard (20 digits). The epoch makes numbers of a deleted
 * and re-created stream of the same name differ.
 */
public final class SequenceNumbers {
  /** Length of every sequence number. */
  public static final int LENGTH = 56;

  private SequenceNumbers() {}

  /** A position in a shard as a sequence number. */
  public static String format(long epoch, int shardIndex, long position) {
    return prefix(epoch, shardIndex).format(position);
  }

  /** The fixed part of a shard's sequence numbers; formats positions without allocation churn. */
  public static Prefix prefix(long epoch, int shardIndex) {
    if (shardIndex < 0 || epoch < 0) {
      throw new IllegalArgumentException("negative part of a sequence number");
    }
    StringBuilder sb = new StringBuilder(36);
    sb.append("49");
    pad(sb, epoch % 1_000_000_000_000_000_000L, 24);
    pad(sb, shardIndex, 10);
    return new Prefix(sb.toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII));
  }

  /** The first 36 digits of a shard's sequence numbers. */
  public static final class Prefix {
    private final byte[] digits;

    Prefix(byte[] digits) {
      this.digits = digits;
    }

    /** The sequence number of a position. */
    public String format(long position) {
      byte[] out = new byte[LENGTH];
      formatInto(position, out);
      return new String(out, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    /**
     * Writes the sequence number of a position as {@link #LENGTH} ASCII digits into {@code out}.
     */
    public void formatInto(long position, byte[] out) {
      if (position < 0) {
        throw new IllegalArgumentException("negative position");
      }
      System.arraycopy(digits, 0, out, 0, digits.length);
      long v = position;
      for (int i = LENGTH - 1; i >= 36; i--) {
        out[i] = (byte) ('0' + (v % 10));
        v /= 10;
      }
    }
  }

  /** The parts of a sequence number, or {@code null} when it is not one of ours. */
  public static Parsed parse(String sequenceNumber) {
    if (sequenceNumber == null
        || sequenceNumber.length() != LENGTH
        || !sequenceNumber.startsWith("49")
        || !sequenceNumber.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return null;
    }
    try {
      long epoch = Long.parseLong(sequenceNumber.substring(2, 26));
      int shard = Integer.parseInt(sequenceNumber.substring(26, 36));
      long position = Long.parseLong(sequenceNumber.substring(36, 56));
      return new Parsed(epoch, shard, position);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** The parts of a sequence number. */
  public record Parsed(long epoch, int shardIndex, long position) {}

  private static void pad(StringBuilder sb, long value, int width) {
    String s = Long.toString(value);
    if (s.length() > width) {
      throw new IllegalArgumentException(value + " does not fit in " + width + " digits");
    }
    sb.append("0".repeat(width - s.length())).append(s);
  }
}
