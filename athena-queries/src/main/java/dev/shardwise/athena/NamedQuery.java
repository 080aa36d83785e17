package dev.shardwise.athena;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A named query of the catalogue: Athena (Trino) SQL with positional {@code ?} parameters.
 *
 * @param name lower_snake_case name ({@code shardwise query NAME})
 * @param description what it answers
 * @param parameters the parameters a caller gives by name
 * @param binds the parameter name of each {@code ?}, in the order the {@code ?} occur (a parameter
 *     used twice is bound twice)
 * @param sql the statement, header comments included (Athena ignores them)
 */
public record NamedQuery(
    String name,
    String description,
    List<QueryParameter> parameters,
    List<String> binds,
    String sql) {

  public NamedQuery {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(sql, "sql");
    parameters = List.copyOf(parameters);
    binds = List.copyOf(binds);
    Map<String, QueryParameter> byName = new LinkedHashMap<>();
    for (QueryParameter p : parameters) {
      if (byName.put(p.name(), p) != null) {
        throw new CatalogException(name + ": parameter " + p.name() + " is declared twice");
      }
    }
    for (String b : binds) {
      if (!byName.containsKey(b)) {
        throw new CatalogException(name + ": binds names " + b + ", which is not a parameter");
      }
    }
    for (String p : byName.keySet()) {
      if (!binds.contains(p)) {
        throw new CatalogException(name + ": parameter " + p + " is never bound");
      }
    }
  }

  /**
   * The Athena execution parameters for values given by name, defaults filled in.
   *
   * @throws IllegalArgumentException naming every missing, unknown or invalid parameter
   */
  public List<String> executionParameters(Map<String, String> values) {
    List<String> problems = new ArrayList<>();
    Map<String, String> literals = new LinkedHashMap<>();
    for (String given : values.keySet()) {
      if (parameters.stream().noneMatch(p -> p.name().equals(given))) {
        problems.add("unknown parameter '" + given + "'");
      }
    }
    for (QueryParameter p : parameters) {
      String v = values.getOrDefault(p.name(), p.defaultValue());
      if (v == null) {
        problems.add("missing parameter '" + p.name() + "' (" + p.type().expected() + ")");
        continue;
      }
      try {
        literals.put(p.name(), p.type().literal(v));
      } catch (IllegalArgumentException e) {
        problems.add("parameter '" + p.name() + "': " + e.getMessage());
      }
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(
          name + ": " + String.join("; ", problems) + ". Parameters: " + usage());
    }
    return binds.stream().map(literals::get).collect(Collectors.toUnmodifiableList());
  }

  /** One line naming the parameters: {@code from_time=<timestamp> [top=10]}. */
  public String usage() {
    return parameters.stream()
        .map(
            p ->
                p.required()
                    ? p.name() + "=<" + p.type().name().toLowerCase(java.util.Locale.ROOT) + ">"
                    : "[" + p.name() + "=" + p.defaultValue() + "]")
        .collect(Collectors.joining(" "));
  }
}
