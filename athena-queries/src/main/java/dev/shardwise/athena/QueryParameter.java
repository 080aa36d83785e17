package dev.shardwise.athena;

import java.util.Objects;

/**
 * A parameter of a named query, declared in its header ({@code -- param: name | type | default |
 * description}).
 *
 * @param defaultValue the value used when none is given, or {@code null} when required
 */
public record QueryParameter(
    String name, ParameterType type, String defaultValue, String description) {
  public QueryParameter {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(description, "description");
    if (!name.matches("[a-z][a-z0-9_]*")) {
      throw new CatalogException("parameter name '" + name + "' must be lower_snake_case");
    }
    if (defaultValue != null) {
      type.literal(defaultValue); // a default must be valid
    }
  }

  public boolean required() {
    return defaultValue == null;
  }
}
