package dev.shardwise.local.firehose;

import java.util.Optional;

/**
 * Finds the schema a delivery stream converts records to, named by its {@code SchemaConfiguration}
 * (database and table), as Firehose reads it from the Glue catalog. The runtime wires it to the
 * local Athena catalog; tests use {@link ColumnListSchemaResolver}.
 *
 * <p>Contract: thread-safe; called when a delivery stream is created and again at every delivery,
 * so a table changed in the catalog applies to the next object (Firehose reads {@code LATEST}).
 */
@FunctionalInterface
public interface TableSchemaResolver {

  /** The table's columns, or empty when the catalog has no such table. */
  Optional<TableSchema> resolve(String database, String table);
}
