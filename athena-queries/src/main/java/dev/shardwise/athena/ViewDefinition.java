package dev.shardwise.athena;

import java.util.Objects;

/**
 * A view of the catalogue.
 *
 * @param name the view name
 * @param description what the view means (from its header comment)
 * @param sql the statement that creates it ({@code CREATE OR REPLACE VIEW name AS SELECT ...}),
 *     Athena (Trino) SQL
 */
public record ViewDefinition(String name, String description, String sql) {
  public ViewDefinition {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(sql, "sql");
  }
}
