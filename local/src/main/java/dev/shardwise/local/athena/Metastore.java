package dev.shardwise.local.athena;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shardwise.athena.Column;
import dev.shardwise.athena.TableDefinition;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The local Glue Data Catalog: databases, their external tables (kept as the DDL that created them)
 * and views (kept as their Trino SQL with the column types found when they were created). Persisted
 * as JSON in {@code <data-dir>/.athena/catalog.json} after every change, so tables survive a
 * restart. Thread-safe.
 */
final class Metastore {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path file;
  private final Map<String, Database> databases = new TreeMap<>();

  /** A table or view of a database. */
  sealed interface Entry permits TableEntry, ViewEntry {
    String database();

    String name();

    Instant created();
  }

  record TableEntry(String database, String name, TableDefinition definition, Instant created)
      implements Entry {}

  record ViewEntry(String database, String name, String sql, List<Column> columns, Instant created)
      implements Entry {}

  private record Database(Instant created, Map<String, Entry> entries) {}

  Metastore(Path file) {
    this.file = file;
    if (Files.exists(file)) {
      load();
    }
  }

  synchronized boolean databaseExists(String database) {
    return databases.containsKey(lower(database));
  }

  synchronized List<String> databases() {
    return List.copyOf(databases.keySet());
  }

  synchronized void createDatabase(String name, boolean ifNotExists, Instant now)
      throws QueryFailure {
    if (databases.containsKey(lower(name))) {
      if (ifNotExists) {
        return;
      }
      throw ddl("Database " + lower(name) + " already exists");
    }
    databases.put(lower(name), new Database(now, new TreeMap<>()));
    save();
  }

  synchronized void dropDatabase(String name, boolean ifExists, boolean cascade)
      throws QueryFailure {
    Database db = databases.get(lower(name));
    if (db == null) {
      if (ifExists) {
        return;
      }
      throw ddl("Database does not exist: " + lower(name));
    }
    if (!db.entries().isEmpty() && !cascade) {
      throw ddl("Database " + lower(name) + " is not empty. One or more tables exist.");
    }
    databases.remove(lower(name));
    save();
  }

  synchronized void createTable(
      String database, TableDefinition table, boolean ifNotExists, Instant now)
      throws QueryFailure {
    Database db = database(database);
    Entry existing = db.entries().get(table.name());
    if (existing != null) {
      if (ifNotExists && existing instanceof TableEntry) {
        return;
      }
      throw ddl("Table " + lower(database) + "." + table.name() + " already exists");
    }
    db.entries().put(table.name(), new TableEntry(lower(database), table.name(), table, now));
    save();
  }

  synchronized void putView(
      String database, String name, String sql, List<Column> columns, boolean replace, Instant now)
      throws QueryFailure {
    Database db = database(database);
    Entry existing = db.entries().get(lower(name));
    if (existing instanceof TableEntry) {
      throw QueryFailure.user(
          "TABLE_ALREADY_EXISTS",
          "Table 'awsdatacatalog."
              + lower(database)
              + "."
              + lower(name)
              + "' already exists and is not a view");
    }
    if (existing != null && !replace) {
      throw QueryFailure.user(
          "TABLE_ALREADY_EXISTS",
          "View 'awsdatacatalog." + lower(database) + "." + lower(name) + "' already exists");
    }
    Instant created = existing == null ? now : existing.created();
    db.entries()
        .put(lower(name), new ViewEntry(lower(database), lower(name), sql, columns, created));
    save();
  }

  /** Drops a table ({@code view} false) or a view. */
  synchronized void drop(String database, String name, boolean view, boolean ifExists)
      throws QueryFailure {
    Database db = database(database);
    Entry e = db.entries().get(lower(name));
    boolean matches = e != null && (view ? e instanceof ViewEntry : e instanceof TableEntry);
    if (!matches) {
      if (ifExists) {
        return;
      }
      throw view
          ? QueryFailure.user(
              "TABLE_NOT_FOUND",
              "View 'awsdatacatalog." + lower(database) + "." + lower(name) + "' does not exist")
          : ddl("Table not found " + lower(database) + "." + lower(name));
    }
    db.entries().remove(lower(name));
    save();
  }

  synchronized Optional<Entry> entry(String database, String name) {
    Database db = databases.get(lower(database));
    return db == null ? Optional.empty() : Optional.ofNullable(db.entries().get(lower(name)));
  }

  /** The tables and views of a database, by name. */
  synchronized List<Entry> entries(String database) throws QueryFailure {
    return List.copyOf(database(database).entries().values());
  }

  private Database database(String name) throws QueryFailure {
    Database db = databases.get(lower(name));
    if (db == null) {
      throw QueryFailure.user("SCHEMA_NOT_FOUND", "Schema '" + lower(name) + "' does not exist");
    }
    return db;
  }

  private static QueryFailure ddl(String message) {
    return new QueryFailure("FAILED", 2, QueryFailure.DDL_FAILED, message);
  }

  // ---- persistence ---------------------------------------------------------------------------

  private void save() {
    ObjectNode root = JSON.createObjectNode();
    ObjectNode dbs = root.putObject("databases");
    databases.forEach(
        (name, db) -> {
          ObjectNode d = dbs.putObject(name);
          d.put("created", db.created().toString());
          ArrayNode entries = d.putArray("entries");
          for (Entry e : db.entries().values()) {
            ObjectNode n = entries.addObject();
            n.put("name", e.name());
            n.put("created", e.created().toString());
            if (e instanceof TableEntry t) {
              n.put("ddl", t.definition().ddl());
            } else if (e instanceof ViewEntry v) {
              n.put("view", v.sql());
              ArrayNode cols = n.putArray("columns");
              v.columns()
                  .forEach(c -> cols.addObject().put("name", c.name()).put("type", c.type()));
            }
          }
        });
    try {
      Files.createDirectories(file.getParent());
      Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
      JSON.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), root);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot save the local Glue catalog to " + file, e);
    }
  }

  private void load() {
    try {
      JsonNode root = JSON.readTree(file.toFile());
      var it = root.path("databases").fields();
      while (it.hasNext()) {
        var db = it.next();
        Map<String, Entry> entries = new TreeMap<>();
        for (JsonNode n : db.getValue().path("entries")) {
          Instant created = Instant.parse(n.path("created").asText());
          String name = n.path("name").asText();
          if (n.has("ddl")) {
            entries.put(
                name,
                new TableEntry(
                    db.getKey(), name, TableDefinition.parse(n.get("ddl").asText()), created));
          } else {
            List<Column> cols = new ArrayList<>();
            n.path("columns")
                .forEach(c -> cols.add(new Column(c.get("name").asText(), c.get("type").asText())));
            entries.put(
                name, new ViewEntry(db.getKey(), name, n.path("view").asText(), cols, created));
          }
        }
        databases.put(
            db.getKey(),
            new Database(Instant.parse(db.getValue().path("created").asText()), entries));
      }
    } catch (IOException | RuntimeException e) {
      throw new IllegalStateException(
          "cannot read the local Glue catalog " + file + ": " + e.getMessage(), e);
    }
  }

  private static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }
}
