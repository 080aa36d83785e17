package dev.shardwise.infra;

import java.util.Locale;

/** Small text helpers for construct ids and prefixes. */
final class Names {
  private Names() {}

  /** {@code shardwise-page-views} → {@code ShardwisePageViews}: a construct id. */
  static String pascal(String name) {
    StringBuilder out = new StringBuilder();
    for (String part : name.split("[^A-Za-z0-9]+")) {
      if (!part.isEmpty()) {
        out.append(part.substring(0, 1).toUpperCase(Locale.ROOT)).append(part.substring(1));
      }
    }
    return out.toString();
  }

  /**
   * The fixed start of a Firehose prefix, before its first {@code !{...}} expression: {@code
   * events/dt=!{partitionKeyFromQuery:dt}/} → {@code events/dt=}.
   */
  static String fixedPrefix(String prefix) {
    if (prefix == null) {
      return "";
    }
    int i = prefix.indexOf("!{");
    return i < 0 ? prefix : prefix.substring(0, i);
  }
}
