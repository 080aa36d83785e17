package dev.shardwise.local.s3.internal;

import dev.shardwise.local.s3.S3Exception;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One byte range of an object, {@code start} to {@code end} inclusive, parsed from a {@code Range}
 * header as S3 reads it: {@code bytes=a-b}, {@code bytes=a-} and {@code bytes=-n}; an end past the
 * object is clamped. A header S3 would ignore (not one {@code bytes=} range, {@code a > b}) yields
 * null, so the whole object is served; a range starting at or after the end of the object (any
 * range of an empty object, a suffix of 0) is 416 {@code InvalidRange}.
 */
public record ByteRange(long start, long end) {
  private static final Pattern RANGE = Pattern.compile("bytes=(\\d*)-(\\d*)");

  public long length() {
    return end - start + 1;
  }

  /** {@code bytes a-b/size}. */
  public String contentRange(long size) {
    return "bytes " + start + "-" + end + "/" + size;
  }

  public static ByteRange parse(String header, long size) throws S3Exception {
    if (header == null) {
      return null;
    }
    Matcher m = RANGE.matcher(header.trim());
    if (!m.matches() || (m.group(1).isEmpty() && m.group(2).isEmpty())) {
      return null;
    }
    if (m.group(1).isEmpty()) {
      long suffix = number(m.group(2));
      if (suffix == 0 || size == 0) {
        throw unsatisfiable(header, size);
      }
      return new ByteRange(Math.max(0, size - suffix), size - 1);
    }
    long start = number(m.group(1));
    long end = m.group(2).isEmpty() ? Long.MAX_VALUE : number(m.group(2));
    if (end < start) {
      return null;
    }
    if (start >= size) {
      throw unsatisfiable(header, size);
    }
    return new ByteRange(start, Math.min(end, size - 1));
  }

  private static long number(String digits) {
    return digits.length() > 18 ? Long.MAX_VALUE : Long.parseLong(digits);
  }

  static S3Exception unsatisfiable(String header, long size) {
    return new S3Exception("InvalidRange", 416, "The requested range is not satisfiable")
        .withDetail("RangeRequested", header)
        .withDetail("ActualObjectSize", Long.toString(size));
  }
}
