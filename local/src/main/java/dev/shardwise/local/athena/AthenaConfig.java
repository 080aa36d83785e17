package dev.shardwise.local.athena;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Settings of the local Athena, checked when built.
 *
 * @param workGroups the work groups that exist ({@code primary} is Athena's default)
 * @param defaultOutputLocation where results go when neither the request nor the work group says
 *     ({@code s3://shardwise-athena-results/})
 * @param maxConcurrentQueries queries running at once; the rest wait (QUEUED)
 * @param maxQueuedQueries queries waiting; beyond it StartQueryExecution is throttled
 * @param duckDbThreads DuckDB worker threads per query
 * @param duckDbMemoryLimit DuckDB memory limit per query ({@code 2GB}); beyond it DuckDB spills to
 *     {@code <data-dir>/.athena/tmp}
 * @param queryTimeout a query running longer is cancelled (Athena's default is 30 minutes)
 * @param retainedExecutions how many finished executions GetQueryExecution still knows
 */
public record AthenaConfig(
    Set<String> workGroups,
    String defaultOutputLocation,
    int maxConcurrentQueries,
    int maxQueuedQueries,
    int duckDbThreads,
    String duckDbMemoryLimit,
    Duration queryTimeout,
    int retainedExecutions) {

  public AthenaConfig {
    workGroups = Set.copyOf(Objects.requireNonNull(workGroups, "workGroups"));
    if (workGroups.isEmpty()) {
      throw new IllegalArgumentException("athena.workGroups must name at least one work group");
    }
    if (defaultOutputLocation == null
        || !defaultOutputLocation.matches("s3://[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](/.*)?")) {
      throw new IllegalArgumentException(
          "athena.defaultOutputLocation must be an s3://bucket/prefix/ URI, was "
              + defaultOutputLocation);
    }
    range("athena.maxConcurrentQueries", maxConcurrentQueries, 1, 64);
    range("athena.maxQueuedQueries", maxQueuedQueries, 0, 100_000);
    range("athena.duckDbThreads", duckDbThreads, 1, 256);
    if (duckDbMemoryLimit == null
        || !duckDbMemoryLimit.matches("\\d+(\\.\\d+)?\\s*(KB|MB|GB|TB|%)")) {
      throw new IllegalArgumentException(
          "athena.duckDbMemoryLimit must look like 2GB or 512MB, was " + duckDbMemoryLimit);
    }
    if (queryTimeout == null || queryTimeout.isNegative() || queryTimeout.isZero()) {
      throw new IllegalArgumentException(
          "athena.queryTimeout must be positive, was " + queryTimeout);
    }
    range("athena.retainedExecutions", retainedExecutions, 1, 1_000_000);
  }

  /** Work group {@code primary}, results to {@code s3://shardwise-athena-results/}, 2 at a time. */
  public static AthenaConfig defaults() {
    return new AthenaConfig(
        Set.of("primary"),
        "s3://shardwise-athena-results/",
        2,
        100,
        Math.max(1, Runtime.getRuntime().availableProcessors()),
        "2GB",
        Duration.ofMinutes(30),
        1000);
  }

  /**
   * Reads {@code athena.*} keys (others are ignored), defaults for absent ones: {@code
   * athena.workGroups} (comma-separated), {@code athena.defaultOutputLocation}, {@code
   * athena.maxConcurrentQueries}, {@code athena.maxQueuedQueries}, {@code athena.duckDbThreads},
   * {@code athena.duckDbMemoryLimit}, {@code athena.queryTimeout} (ISO-8601, {@code PT30M}), {@code
   * athena.retainedExecutions}.
   */
  public static AthenaConfig fromMap(Map<String, String> settings) {
    AthenaConfig d = defaults();
    return new AthenaConfig(
        settings.containsKey("athena.workGroups")
            ? Set.of(settings.get("athena.workGroups").split("\\s*,\\s*"))
            : d.workGroups(),
        settings.getOrDefault("athena.defaultOutputLocation", d.defaultOutputLocation()),
        integer(settings, "athena.maxConcurrentQueries", d.maxConcurrentQueries()),
        integer(settings, "athena.maxQueuedQueries", d.maxQueuedQueries()),
        integer(settings, "athena.duckDbThreads", d.duckDbThreads()),
        settings.getOrDefault("athena.duckDbMemoryLimit", d.duckDbMemoryLimit()),
        duration(settings, "athena.queryTimeout", d.queryTimeout()),
        integer(settings, "athena.retainedExecutions", d.retainedExecutions()));
  }

  public AthenaConfig withMaxConcurrentQueries(int n) {
    return new AthenaConfig(
        workGroups,
        defaultOutputLocation,
        n,
        maxQueuedQueries,
        duckDbThreads,
        duckDbMemoryLimit,
        queryTimeout,
        retainedExecutions);
  }

  public AthenaConfig withDuckDbThreads(int n) {
    return new AthenaConfig(
        workGroups,
        defaultOutputLocation,
        maxConcurrentQueries,
        maxQueuedQueries,
        n,
        duckDbMemoryLimit,
        queryTimeout,
        retainedExecutions);
  }

  private static int integer(Map<String, String> s, String key, int dflt) {
    String v = s.get(key);
    if (v == null) {
      return dflt;
    }
    try {
      return Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " must be an integer, was '" + v + "'");
    }
  }

  private static Duration duration(Map<String, String> s, String key, Duration dflt) {
    String v = s.get(key);
    if (v == null) {
      return dflt;
    }
    try {
      return Duration.parse(v.trim());
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          key + " must be an ISO-8601 duration (PT30M), was '" + v + "'");
    }
  }

  private static void range(String key, int v, int min, int max) {
    if (v < min || v > max) {
      throw new IllegalArgumentException(key + " must be " + min + "-" + max + ", was " + v);
    }
  }
}
