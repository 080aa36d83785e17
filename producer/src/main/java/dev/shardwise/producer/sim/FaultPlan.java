package dev.shardwise.producer.sim;

import dev.shardwise.core.event.RejectReason;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The faults to inject. Each is unambiguous by construction: a duplicate is the same bytes sent
 * again 0.2-3 s later; a late event is valid with an event time 3-30 minutes before it is sent; a
 * future event is dated 30 days ahead (far beyond the 5-minute tolerance); each malformed record
 * breaks exactly one rule of the contract.
 *
 * @param duplicateFraction share of valid events sent twice (0-1)
 * @param lateFraction share of valid events dated 3-30 minutes in the past (0-1)
 * @param future records dated 30 days ahead (rejected {@code time_out_of_range})
 * @param malformed malformed records per reject reason
 */
public record FaultPlan(
    double duplicateFraction,
    double lateFraction,
    int future,
    Map<RejectReason, Integer> malformed) {

  /** The reasons of the event contract (DESIGN.md); {@code corrupt_aggregate} is not one. */
  public static final List<RejectReason> CONTRACT_REASONS =
      List.of(
          RejectReason.MALFORMED_JSON,
          RejectReason.BAD_UTF8,
          RejectReason.TOO_LARGE,
          RejectReason.MISSING_FIELD,
          RejectReason.BAD_TYPE,
          RejectReason.BAD_VALUE,
          RejectReason.UNSUPPORTED_SCHEMA,
          RejectReason.TIME_OUT_OF_RANGE);

  public FaultPlan {
    if (!(duplicateFraction >= 0 && duplicateFraction <= 1)) {
      throw new IllegalArgumentException("duplicate: must be 0-1, was " + duplicateFraction);
    }
    if (!(lateFraction >= 0 && lateFraction <= 1)) {
      throw new IllegalArgumentException("late: must be 0-1, was " + lateFraction);
    }
    if (future < 0) {
      throw new IllegalArgumentException("future: must be >= 0, was " + future);
    }
    EnumMap<RejectReason, Integer> m = new EnumMap<>(RejectReason.class);
    for (Map.Entry<RejectReason, Integer> e : malformed.entrySet()) {
      if (!CONTRACT_REASONS.contains(e.getKey())) {
        throw new IllegalArgumentException(
            e.getKey().code() + ": not a reject reason of the contract");
      }
      if (e.getValue() < 0) {
        throw new IllegalArgumentException(e.getKey().code() + ": must be >= 0");
      }
      if (e.getValue() > 0) {
        m.put(e.getKey(), e.getValue());
      }
    }
    malformed = Map.copyOf(m);
  }

  public static FaultPlan none() {
    return new FaultPlan(0, 0, 0, Map.of());
  }

  /** 1% duplicates, 0.5% late, 3 future, 2 malformed records of each contract reason. */
  public static FaultPlan defaults() {
    Map<RejectReason, Integer> m = new EnumMap<>(RejectReason.class);
    CONTRACT_REASONS.forEach(r -> m.put(r, 2));
    return new FaultPlan(0.01, 0.005, 3, m);
  }

  /**
   * Parses {@code none}, {@code default}, or a list like {@code
   * duplicate=0.01,late=0.005,future=3,malformed=2,bad_utf8=5} ({@code malformed=N} sets every
   * reason, a reason code sets that one; later entries win).
   */
  public static FaultPlan parse(String spec) {
    String s = spec.trim().toLowerCase(Locale.ROOT);
    if (s.equals("none") || s.isEmpty()) {
      return none();
    }
    if (s.equals("default")) {
      return defaults();
    }
    double duplicate = 0;
    double late = 0;
    int future = 0;
    Map<RejectReason, Integer> malformed = new EnumMap<>(RejectReason.class);
    for (String part : s.split(",")) {
      String[] kv = part.split("=", 2);
      if (kv.length != 2) {
        throw new IllegalArgumentException("'" + part + "' is not key=value");
      }
      String key = kv[0].trim();
      String value = kv[1].trim();
      try {
        switch (key) {
          case "duplicate", "duplicates" -> duplicate = Double.parseDouble(value);
          case "late" -> late = Double.parseDouble(value);
          case "future" -> future = Integer.parseInt(value);
          case "malformed" -> {
            int n = Integer.parseInt(value);
            CONTRACT_REASONS.forEach(r -> malformed.put(r, n));
          }
          default -> {
            RejectReason r = RejectReason.fromCode(key);
            if (r == null || !CONTRACT_REASONS.contains(r)) {
              throw new IllegalArgumentException(
                  "unknown fault '"
                      + key
                      + "'; known: duplicate, late, future, malformed, "
                      + CONTRACT_REASONS.stream().map(RejectReason::code).toList());
            }
            malformed.put(r, Integer.parseInt(value));
          }
        }
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(key + ": '" + value + "' is not a number", e);
      }
    }
    return new FaultPlan(duplicate, late, future, malformed);
  }

  public int malformed(RejectReason reason) {
    return malformed.getOrDefault(reason, 0);
  }
}
