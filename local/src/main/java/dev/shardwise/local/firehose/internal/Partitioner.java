package dev.shardwise.local.firehose.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.thisptr.jackson.jq.BuiltinFunctionLoader;
import net.thisptr.jackson.jq.JsonQuery;
import net.thisptr.jackson.jq.Scope;
import net.thisptr.jackson.jq.Versions;
import net.thisptr.jackson.jq.exception.JsonQueryException;

/**
 * Evaluates a {@code MetadataExtractionQuery} with jackson-jq (jq 1.6 semantics) on a parsed record
 * and returns the partition keys the prefix needs. A query with a Java equivalent registered in
 * {@link CompiledQueries} (recognised by its exact text) is answered by it, falling back to jq for
 * every record the equivalent defers (errors, unusual input). Thread-safe.
 */
public final class Partitioner {
  private static final Scope ROOT = rootScope();

  private final JsonQuery query;
  private final CompiledQueries.CompiledQuery compiled;
  private final Set<String> keys;

  /**
   * @param keys the partition keys the prefix uses
   * @throws IllegalArgumentException when the query does not compile
   */
  public Partitioner(String query, Set<String> keys) {
    this(query, keys, true);
  }

  /**
   * @param useCompiled whether to use a registered Java equivalent of the query ({@code false}
   *     evaluates every record with jq: the baseline for tests and benchmarks)
   * @throws IllegalArgumentException when the query does not compile
   */
  public Partitioner(String query, Set<String> keys, boolean useCompiled) {
    this.compiled = useCompiled ? CompiledQueries.forQuery(query).orElse(null) : null;
    try {
      this.query = JsonQuery.compile(query, Versions.JQ_1_6);
    } catch (JsonQueryException e) {
      throw new IllegalArgumentException(
          "MetadataExtractionQuery does not compile: " + e.getMessage());
    }
    this.keys = Set.copyOf(keys);
  }

  /** The outcome for one record: its keys, or why it has none. */
  public sealed interface Outcome {}

  public record Keys(Map<String, String> values) implements Outcome {}

  public record Failed(String message) implements Outcome {}

  /** Whether a Java equivalent answers this query (falling back to jq where it defers). */
  public boolean compiled() {
    return compiled != null;
  }

  /**
   * The top-level field whose string value decides the keys without a parsed record ({@link
   * #partition(String)}), or {@code null} when the query has no Java equivalent.
   */
  public String field() {
    return compiled == null ? null : compiled.field();
  }

  /**
   * The keys from the string value of {@link #field()}, when the Java equivalent answers; {@code
   * null} when it defers (then {@link #partition(JsonNode)} on the parsed record decides, with jq).
   * Agrees with {@link #partition(JsonNode)} on any record whose {@link #field()} has this value.
   */
  public Keys partition(String fieldValue) {
    if (compiled == null || fieldValue == null) {
      return null;
    }
    Map<String, String> fast = compiled.keys(fieldValue);
    return fast == null ? null : select(fast);
  }

  public Outcome partition(JsonNode record) {
    if (compiled != null) {
      Map<String, String> fast = compiled.keys(record);
      if (fast != null) {
        Outcome o = select(fast);
        if (o != null) {
          return o;
        }
      }
    }
    List<JsonNode> out = new ArrayList<>(1);
    try {
      query.apply(Scope.newChildScope(ROOT), record, out::add);
    } catch (JsonQueryException | RuntimeException e) {
      return new Failed("Query failed: " + e.getMessage());
    }
    if (out.size() != 1 || !out.get(0).isObject()) {
      return new Failed("Query must yield one object, yielded " + out.size() + " values");
    }
    JsonNode obj = out.get(0);
    Map<String, String> values = new LinkedHashMap<>();
    for (String key : keys) {
      JsonNode v = obj.get(key);
      if (v == null || v.isNull() || v.isContainerNode()) {
        return new Failed("partitionKeys values must not be null or empty: " + key);
      }
      String s = v.isTextual() ? v.textValue() : v.asText();
      if (s.isEmpty()) {
        return new Failed("partitionKeys values must not be null or empty: " + key);
      }
      values.put(key, s);
    }
    return new Keys(values);
  }

  /** The prefix's keys from a compiled answer, or null (defer to jq) when one is missing/empty. */
  private Keys select(Map<String, String> fast) {
    Map<String, String> values = new LinkedHashMap<>();
    for (String key : keys) {
      String s = fast.get(key);
      if (s == null || s.isEmpty()) {
        return null;
      }
      values.put(key, s);
    }
    return new Keys(values);
  }

  private static Scope rootScope() {
    Scope scope = Scope.newEmptyScope();
    BuiltinFunctionLoader.getInstance().loadFunctions(Versions.JQ_1_6, scope);
    return scope;
  }
}
