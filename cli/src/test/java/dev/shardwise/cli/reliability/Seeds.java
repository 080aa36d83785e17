package dev.shardwise.cli.reliability;

import java.util.List;
import java.util.stream.LongStream;

/** The seeds each fault kind runs with: {@code -Dreliability.seeds=N} (default 2). */
final class Seeds {
  static final String PROPERTY = "reliability.seeds";

  private Seeds() {}

  static List<Long> fromProperty() {
    String v = System.getProperty(PROPERTY, "2").trim();
    int n;
    try {
      n = Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(PROPERTY + ": '" + v + "' is not a number", e);
    }
    if (n < 1 || n > 100) {
      throw new IllegalArgumentException(PROPERTY + ": must be 1-100, was " + n);
    }
    return LongStream.rangeClosed(1, n).map(i -> 1000 + 17 * i).boxed().toList();
  }
}
