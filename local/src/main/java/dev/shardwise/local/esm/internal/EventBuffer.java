package dev.shardwise.local.esm.internal;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * A growable byte buffer an invocation's event JSON is written into and read back from, reused from
 * one invocation to the next by the poller that owns it (so a batch's megabytes are neither
 * reallocated nor copied). Not thread-safe.
 */
public final class EventBuffer extends OutputStream {
  private byte[] bytes;
  private int length;

  public EventBuffer() {
    this(64 * 1024);
  }

  public EventBuffer(int initialCapacity) {
    this.bytes = new byte[Math.max(16, initialCapacity)];
  }

  /** An event of these bytes (a copy). */
  public static EventBuffer of(byte[] json) {
    EventBuffer b = new EventBuffer(json.length);
    b.write(json, 0, json.length);
    return b;
  }

  /** Empties the buffer, keeping its capacity. */
  public void reset() {
    length = 0;
  }

  /** Makes room for {@code more} bytes after the current length. */
  public void ensureCapacity(int more) {
    long need = (long) length + more;
    if (need > bytes.length) {
      if (need > Integer.MAX_VALUE - 16) {
        throw new IllegalStateException("event larger than 2 GB");
      }
      bytes =
          Arrays.copyOf(
              bytes, (int) Math.max(need, Math.min(Integer.MAX_VALUE - 16, 2L * bytes.length)));
    }
  }

  /** The backing array (valid up to {@link #length()}); for writers that ensured capacity. */
  byte[] array() {
    return bytes;
  }

  /** Sets the length after a writer filled {@link #array()} directly. */
  void length(int length) {
    this.length = length;
  }

  public int length() {
    return length;
  }

  @Override
  public void write(int b) {
    ensureCapacity(1);
    bytes[length++] = (byte) b;
  }

  @Override
  public void write(byte[] b, int off, int len) {
    ensureCapacity(len);
    System.arraycopy(b, off, bytes, length, len);
    length += len;
  }

  /** A stream over the current content (not a copy: valid until the buffer is written again). */
  public InputStream inputStream() {
    return new ByteArrayInputStream(bytes, 0, length);
  }

  /** A copy of the content. */
  public byte[] toByteArray() {
    return Arrays.copyOf(bytes, length);
  }
}
