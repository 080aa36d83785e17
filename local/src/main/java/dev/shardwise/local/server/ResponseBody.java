package dev.shardwise.local.server;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * An encoded response held in chunks of at most {@link #MAX_CHUNK} bytes, written to the connection
 * chunk by chunk once its length is known (the {@code Content-Length}). A GetRecords answer of
 * megabytes thus never becomes one contiguous array: no copy of the whole body into a final array
 * (as {@code writeValueAsBytes} makes), and no array large enough to be a G1 humongous object. Each
 * response allocates its own chunks (none are kept per thread, so an idle server holds nothing).
 * Chunks start small (most responses are a few hundred bytes) and double. Not thread-safe.
 */
final class ResponseBody extends OutputStream {
  /** The largest chunk: far below half of G1's smallest region (1 MB). */
  static final int MAX_CHUNK = 64 * 1024;

  private static final int FIRST_CHUNK = 1024;

  private final List<byte[]> full = new ArrayList<>();
  private byte[] current = new byte[FIRST_CHUNK];
  private int used;
  private long size;

  @Override
  public void write(int b) {
    if (used == current.length) {
      next();
    }
    current[used++] = (byte) b;
    size++;
  }

  @Override
  public void write(byte[] b, int off, int len) {
    while (len > 0) {
      if (used == current.length) {
        next();
      }
      int n = Math.min(len, current.length - used);
      System.arraycopy(b, off, current, used, n);
      used += n;
      off += n;
      len -= n;
      size += n;
    }
  }

  private void next() {
    full.add(current);
    current = new byte[Math.min(MAX_CHUNK, current.length * 2)];
    used = 0;
  }

  /** The number of bytes written. */
  long size() {
    return size;
  }

  /** Writes the content to {@code out}, chunk by chunk. */
  void writeTo(OutputStream out) throws IOException {
    for (byte[] chunk : full) {
      out.write(chunk);
    }
    out.write(current, 0, used);
  }

  /** The content as one array (tests and small bodies). */
  byte[] toByteArray() {
    if (size > Integer.MAX_VALUE - 16) {
      throw new IllegalStateException("response larger than 2 GB");
    }
    byte[] out = new byte[(int) size];
    int p = 0;
    for (byte[] chunk : full) {
      System.arraycopy(chunk, 0, out, p, chunk.length);
      p += chunk.length;
    }
    System.arraycopy(current, 0, out, p, used);
    return out;
  }

  /** For tests: the chunk lengths. */
  int[] chunkLengths() {
    int[] out = new int[full.size() + 1];
    for (int i = 0; i < full.size(); i++) {
      out[i] = full.get(i).length;
    }
    out[full.size()] = used;
    return out;
  }
}
