package dev.shardwise.cli;

import java.io.IOException;
import java.io.InputStream;

/**
 * Splits a stream into lines ({@code \n}, with a {@code \r} before it dropped) without holding more
 * than one line: a line longer than {@code maxLine} bytes is not kept, only its length reported.
 * Memory stays constant however large the file.
 */
final class JsonLines {

  /** Receives the lines in order; line numbers start at 1. */
  interface Sink {
    /**
     * A line of at most {@code maxLine} bytes, in {@code buf[off..off+len)} (valid until return).
     */
    void line(long number, byte[] buf, int off, int len);

    /** A line of {@code length} bytes, more than {@code maxLine}. */
    void tooLong(long number, long length);
  }

  private static final int CHUNK = 64 * 1024;

  private JsonLines() {}

  static void read(InputStream in, int maxLine, Sink sink) throws IOException {
    byte[] buf = new byte[maxLine + 2 + CHUNK];
    int start = 0;
    int end = 0;
    long number = 0;
    long overflow = -1; // bytes of the current line already dropped, or -1
    boolean droppedCr = false; // whether the last dropped byte was '\r'
    while (true) {
      if (end == buf.length) {
        System.arraycopy(buf, start, buf, 0, end - start);
        end -= start;
        start = 0;
      }
      int n = in.read(buf, end, buf.length - end);
      if (n < 0) {
        break;
      }
      int scan = end;
      end += n;
      for (int i = scan; i < end; i++) {
        if (buf[i] != '\n') {
          continue;
        }
        number++;
        if (overflow >= 0) {
          boolean cr = i > start ? buf[i - 1] == '\r' : droppedCr;
          sink.tooLong(number, overflow + (i - start) - (cr ? 1 : 0));
          overflow = -1;
        } else {
          int len = i - start;
          emit(sink, maxLine, number, buf, start, len > 0 && buf[i - 1] == '\r' ? len - 1 : len);
        }
        start = i + 1;
      }
      // the rest is the start of a line; a '\r' may still follow a line of maxLine bytes
      if (overflow >= 0 || end - start > maxLine + 1) {
        overflow = Math.max(overflow, 0) + (end - start);
        droppedCr = end > start && buf[end - 1] == '\r';
        start = 0;
        end = 0;
      }
    }
    if (overflow >= 0) {
      sink.tooLong(++number, overflow - (droppedCr ? 1 : 0));
    } else if (end > start) {
      int len = end - start;
      emit(sink, maxLine, ++number, buf, start, buf[end - 1] == '\r' ? len - 1 : len);
    }
  }

  /** A kept line can still be one byte too long: room is kept for a '\r' that did not come. */
  private static void emit(Sink sink, int maxLine, long number, byte[] buf, int off, int len) {
    if (len > maxLine) {
      sink.tooLong(number, len);
    } else {
      sink.line(number, buf, off, len);
    }
  }
}
