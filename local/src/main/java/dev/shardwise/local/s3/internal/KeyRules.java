package dev.shardwise.local.s3.internal;

import dev.shardwise.local.s3.S3Exception;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * Which bucket names and keys the file-backed store accepts. Bucket names follow S3's rules for
 * general purpose buckets. A key is stored as a relative path, so it must be one: see {@link
 * #keyProblem}.
 */
public final class KeyRules {
  /** S3's limit on a key, in UTF-8 bytes. */
  public static final int MAX_KEY_BYTES = 1024;

  /** The longest file name most Linux file systems accept, in bytes. */
  public static final int MAX_SEGMENT_BYTES = 255;

  /** Temporary files start with this; no key segment may. */
  public static final String TEMP_PREFIX = ".shardwise-tmp-";

  private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
  private static final Pattern IP_ADDRESS =
      Pattern.compile("\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");

  private KeyRules() {}

  /** Whether {@code name} is a valid S3 general purpose bucket name. */
  public static boolean isValidBucketName(String name) {
    return name != null
        && BUCKET.matcher(name).matches()
        && !name.contains("..")
        && !IP_ADDRESS.matcher(name).matches()
        && !name.startsWith("xn--")
        && !name.startsWith("sthree-")
        && !name.endsWith("-s3alias")
        && !name.endsWith("--ol-s3");
  }

  /** 400 {@code InvalidBucketName} unless the name is valid. */
  public static void checkBucketName(String name) throws S3Exception {
    if (!isValidBucketName(name)) {
      throw new S3Exception("InvalidBucketName", 400, "The specified bucket is not valid.")
          .withDetail("BucketName", name);
    }
  }

  /**
   * Why {@code key} cannot be stored as a relative path, or null when it can. A key is refused when
   * it is empty or longer than 1024 UTF-8 bytes, has an empty segment (leading, trailing or doubled
   * {@code /}), a {@code .} or {@code ..} segment, a NUL character or an unpaired surrogate, a
   * segment longer than 255 UTF-8 bytes or starting with the temporary-file prefix, or characters
   * the file system's name encoding ({@code fileNames}) cannot represent.
   */
  public static String keyProblem(String key, Charset fileNames) {
    if (key == null || key.isEmpty()) {
      return "the key is empty";
    }
    byte[] utf8 = encodeStrict(key, StandardCharsets.UTF_8);
    if (utf8 == null) {
      return "the key is not valid Unicode (an unpaired surrogate)";
    }
    if (utf8.length > MAX_KEY_BYTES) {
      return "the key is longer than " + MAX_KEY_BYTES + " bytes";
    }
    if (key.indexOf('\0') >= 0) {
      return "the key contains a NUL character, which no file name can hold";
    }
    int start = 0;
    while (true) {
      int slash = key.indexOf('/', start);
      String segment = slash < 0 ? key.substring(start) : key.substring(start, slash);
      String problem = segmentProblem(segment);
      if (problem != null) {
        return problem;
      }
      if (slash < 0) {
        break;
      }
      start = slash + 1;
    }
    if (!fileNames.equals(StandardCharsets.UTF_8) && encodeStrict(key, fileNames) == null) {
      return "the key has characters the file system encoding ("
          + fileNames.name()
          + ") cannot represent; run the JVM with a UTF-8 locale (LANG=C.UTF-8)";
    }
    return null;
  }

  private static String segmentProblem(String segment) {
    if (segment.isEmpty()) {
      return "the key has an empty path segment (a leading, trailing or doubled '/')";
    }
    if (segment.equals(".") || segment.equals("..")) {
      return "the key has a '" + segment + "' path segment";
    }
    if (segment.startsWith(TEMP_PREFIX)) {
      return "the key has a segment starting with '"
          + TEMP_PREFIX
          + "', reserved for temporary files";
    }
    if (segment.length() * 3 > MAX_SEGMENT_BYTES
        && segment.getBytes(StandardCharsets.UTF_8).length > MAX_SEGMENT_BYTES) {
      return "the key has a path segment longer than " + MAX_SEGMENT_BYTES + " bytes";
    }
    return null;
  }

  /**
   * The error a put of an unstorable key gets: 400 {@code KeyTooLongError} or {@code
   * InvalidArgument}.
   */
  public static S3Exception keyError(String key, String problem) {
    if (problem.startsWith("the key is longer")) {
      return new S3Exception("KeyTooLongError", 400, "Your key is too long")
          .withDetail("Size", Integer.toString(key.getBytes(StandardCharsets.UTF_8).length))
          .withDetail("MaxSizeAllowed", Integer.toString(MAX_KEY_BYTES));
    }
    return S3Exception.invalidArgument(
        "The local S3 stores each key as a file path and cannot store this one: " + problem,
        "key",
        key);
  }

  /** Whether a directory entry is one of our temporary files. */
  public static boolean isTempName(String fileName) {
    return fileName.startsWith(TEMP_PREFIX);
  }

  private static byte[] encodeStrict(String s, Charset charset) {
    try {
      ByteBuffer b =
          charset
              .newEncoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .encode(CharBuffer.wrap(s));
      byte[] out = new byte[b.remaining()];
      b.get(out);
      return out;
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  /**
   * Compares two strings in the order of their UTF-8 bytes (code point order), the order S3 lists
   * keys in. {@link String#compareTo} differs for characters outside the BMP.
   */
  public static int compareUtf8(String a, String b) {
    int n = Math.min(a.length(), b.length());
    for (int i = 0; i < n; i++) {
      char x = a.charAt(i);
      char y = b.charAt(i);
      if (x != y) {
        boolean sx = Character.isSurrogate(x);
        boolean sy = Character.isSurrogate(y);
        if (sx == sy) {
          return x < y ? -1 : 1;
        }
        return sx ? 1 : -1; // a surrogate encodes a code point above every BMP character
      }
    }
    return Integer.compare(a.length(), b.length());
  }
}
