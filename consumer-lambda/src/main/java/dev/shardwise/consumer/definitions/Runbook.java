package dev.shardwise.consumer.definitions;

import java.util.List;
import java.util.Objects;

/**
 * What on-call reads when the alarm fires.
 *
 * @param meaning what the alarm means, in one or two sentences
 * @param threshold why the threshold, period and datapoints are what they are
 * @param firstChecks the first three things to check, in order
 * @param namedQuery the {@code athena-queries} named query that helps ({@code shardwise query
 *     NAME})
 */
public record Runbook(
    String meaning, String threshold, List<String> firstChecks, String namedQuery) {

  public Runbook {
    Objects.requireNonNull(meaning, "meaning");
    Objects.requireNonNull(threshold, "threshold");
    firstChecks = List.copyOf(firstChecks);
    Objects.requireNonNull(namedQuery, "namedQuery");
  }
}
