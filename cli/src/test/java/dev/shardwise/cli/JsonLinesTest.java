package dev.shardwise.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class JsonLinesTest {

  private static final int MAX = 10;

  @Test
  void lines_splitOnNewline_dropACarriageReturn_andKeepALastLineWithoutNewline()
      throws IOException {
    assertThat(read("a\nbb\r\n\nccc", MAX, 64)).containsExactly("1:a", "2:bb", "3:", "4:ccc");
  }

  @Test
  void aLineOfExactlyMax_isALine_oneMoreIsTooLong_withoutItsCarriageReturn() throws IOException {
    String max = "x".repeat(MAX);

    assertThat(read(max + "\r\n" + max + "y\r\n" + max + "yz", MAX, 3))
        .containsExactly("1:" + max, "2:too long 11", "3:too long 12");
  }

  @Test
  void aVeryLongLine_isCountedNotKept() throws IOException {
    assertThat(read("a\n" + "z".repeat(100_000) + "\nb\n", MAX, 4096))
        .containsExactly("1:a", "2:too long 100000", "3:b");
  }

  @Property(tries = 300)
  void anyChunking_givesTheSameLines(
      @ForAll @StringLength(max = 80) String body, @ForAll @IntRange(min = 1, max = 13) int chunk)
      throws IOException {
    String text = body.replace('q', '\n').replace('r', '\r');

    assertThat(read(text, MAX, chunk)).isEqualTo(read(text, MAX, 1 << 20));
    assertThat(read(text, MAX, chunk)).isEqualTo(expected(text));
  }

  /** What splitting the whole text at once gives. */
  private static List<String> expected(String text) {
    List<String> lines = new ArrayList<>();
    String[] parts = text.split("\n", -1);
    int n = text.endsWith("\n") || text.isEmpty() ? parts.length - 1 : parts.length;
    for (int i = 0; i < n; i++) {
      String p = parts[i].endsWith("\r") ? parts[i].substring(0, parts[i].length() - 1) : parts[i];
      int bytes = p.getBytes(StandardCharsets.UTF_8).length;
      lines.add((i + 1) + ":" + (bytes > MAX ? "too long " + bytes : p));
    }
    return lines;
  }

  private static List<String> read(String text, int max, int chunk) throws IOException {
    List<String> got = new ArrayList<>();
    JsonLines.read(
        trickle(text.getBytes(StandardCharsets.UTF_8), chunk),
        max,
        new JsonLines.Sink() {
          @Override
          public void line(long number, byte[] buf, int off, int len) {
            got.add(number + ":" + new String(buf, off, len, StandardCharsets.UTF_8));
          }

          @Override
          public void tooLong(long number, long length) {
            got.add(number + ":too long " + length);
          }
        });
    return got;
  }

  /** A stream that returns at most {@code chunk} bytes per read, like a slow pipe. */
  private static InputStream trickle(byte[] data, int chunk) {
    return new ByteArrayInputStream(data) {
      @Override
      public synchronized int read(byte[] b, int off, int len) {
        return super.read(b, off, Math.min(len, chunk));
      }
    };
  }
}
