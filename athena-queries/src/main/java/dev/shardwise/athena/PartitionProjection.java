package dev.shardwise.athena;

import dev.shardwise.athena.internal.ProjectionRules;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A table's partition projection ({@code projection.*} table properties): which partition values
 * exist, computed from the table definition instead of loaded into Glue, and where each partition's
 * files live ({@code storage.location.template}). Supports the {@code date}, {@code integer},
 * {@code enum} and {@code injected} types as Athena defines them; {@code NOW} in a date range is
 * evaluated against the instant the caller passes.
 *
 * @param rules one rule per partition key, in partition-key order
 * @param locationTemplate the template with {@code ${column}} per partition key; when the table has
 *     none, the Hive layout {@code <location>key=${key}/...}
 */
public record PartitionProjection(Map<String, Rule> rules, String locationTemplate) {

  public PartitionProjection {
    rules = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(rules));
    Objects.requireNonNull(locationTemplate, "locationTemplate");
    for (String column : rules.keySet()) {
      if (!locationTemplate.contains("${" + column + "}")) {
        throw new CatalogException(
            "storage.location.template "
                + locationTemplate
                + " does not mention ${"
                + column
                + "}");
      }
    }
  }

  /** The projection of a table, or empty when {@code projection.enabled} is not true. */
  public static Optional<PartitionProjection> of(TableDefinition table) {
    Map<String, String> props = table.properties();
    if (!"true".equalsIgnoreCase(props.getOrDefault("projection.enabled", "false").trim())) {
      return Optional.empty();
    }
    Map<String, Rule> rules = new LinkedHashMap<>();
    for (Column key : table.partitionKeys()) {
      rules.put(key.name(), ProjectionRules.parse(key.name(), props));
    }
    String template =
        table
            .locationTemplate()
            .orElseGet(() -> hiveTemplate(table.location(), table.partitionKeys()));
    return Optional.of(new PartitionProjection(rules, template));
  }

  /**
   * The partition values of a directory, when it is a partition location of the template: {@code
   * s3://b/events/dt=2026-11-21/hour=05/} gives {@code {dt=2026-11-21, hour=05}}. Does not check
   * the values against the rules ({@link #admits}).
   */
  public Optional<Map<String, String>> match(String directoryUri) {
    Matcher m = pattern().matcher(withSlash(directoryUri));
    if (!m.matches()) {
      return Optional.empty();
    }
    Map<String, String> values = new LinkedHashMap<>();
    List<String> order = templateColumns();
    for (int i = 0; i < order.size(); i++) {
      String v = m.group(i + 1);
      String previous = values.putIfAbsent(order.get(i), v);
      if (previous != null && !previous.equals(v)) {
        return Optional.empty();
      }
    }
    return Optional.of(values);
  }

  /** Whether every value is one the projection generates at {@code now}. */
  public boolean admits(Map<String, String> values, Instant now) {
    for (Map.Entry<String, Rule> e : rules.entrySet()) {
      String v = values.get(e.getKey());
      if (v == null || !e.getValue().admits(v, now)) {
        return false;
      }
    }
    return true;
  }

  /** The template's fixed prefix, before the first {@code ${}: where to list objects. */
  public String fixedPrefix() {
    int i = locationTemplate.indexOf("${");
    return i < 0 ? locationTemplate : locationTemplate.substring(0, i);
  }

  private Pattern pattern() {
    StringBuilder regex = new StringBuilder();
    Matcher m = Pattern.compile("\\$\\{([A-Za-z0-9_]+)}").matcher(withSlash(locationTemplate));
    int last = 0;
    String t = withSlash(locationTemplate);
    while (m.find()) {
      regex.append(Pattern.quote(t.substring(last, m.start()))).append("([^/]+)");
      last = m.end();
    }
    regex.append(Pattern.quote(t.substring(last)));
    return Pattern.compile(regex.toString());
  }

  private List<String> templateColumns() {
    List<String> out = new ArrayList<>();
    Matcher m = Pattern.compile("\\$\\{([A-Za-z0-9_]+)}").matcher(locationTemplate);
    while (m.find()) {
      out.add(m.group(1).toLowerCase(java.util.Locale.ROOT));
    }
    return out;
  }

  private static String withSlash(String s) {
    return s.endsWith("/") ? s : s + "/";
  }

  private static String hiveTemplate(String location, List<Column> keys) {
    StringBuilder sb = new StringBuilder(withSlash(location));
    for (Column k : keys) {
      sb.append(k.name()).append("=${").append(k.name()).append("}/");
    }
    return sb.toString();
  }

  /** Which values one partition key takes. */
  public interface Rule {

    /** Whether the projection generates this value (its exact text) at {@code now}. */
    boolean admits(String value, Instant now);
  }
}
