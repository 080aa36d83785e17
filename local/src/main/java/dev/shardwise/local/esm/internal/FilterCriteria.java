package dev.shardwise.local.esm.internal;

import java.util.List;
import java.util.function.Predicate;

/** Lambda's FilterCriteria for Kinesis records. */
public final class FilterCriteria {
  private FilterCriteria() {}

  /** A predicate over records from the filters' patterns; no patterns: every record. */
  public static Predicate<PolledRecord> parse(List<String> patterns) {
    if (patterns.isEmpty()) {
      return r -> true;
    }
    throw new IllegalArgumentException("FilterCriteria is not supported by the local mapping yet");
  }
}
