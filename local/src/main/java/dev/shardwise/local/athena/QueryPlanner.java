package dev.shardwise.local.athena;

import dev.shardwise.athena.TableDefinition;
import dev.shardwise.local.athena.Metastore.Entry;
import dev.shardwise.local.athena.Metastore.TableEntry;
import dev.shardwise.local.athena.Metastore.ViewEntry;
import dev.shardwise.local.athena.sql.SqlTranslator;
import io.trino.sql.parser.SqlParser;
import io.trino.sql.tree.CreateView;
import io.trino.sql.tree.Expression;
import io.trino.sql.tree.Node;
import io.trino.sql.tree.QualifiedName;
import io.trino.sql.tree.Query;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Translates a query and everything it reads: each table it names becomes a DuckDB temporary view
 * over the table's files, each view a temporary view of its own translated SQL (dependencies
 * first). Names resolve as in Athena: {@code t}, {@code db.t} or {@code awsdatacatalog.db.t}, a
 * view's own names against the view's database.
 */
final class QueryPlanner {
  static final String CATALOG = "awsdatacatalog";

  private final Metastore metastore;
  private final Instant now;
  private final Map<String, TableDefinition> tables = new LinkedHashMap<>();
  private final Map<String, String> views = new LinkedHashMap<>();
  private final Set<String> inProgress = new HashSet<>();
  private boolean pseudoColumns;

  QueryPlanner(Metastore metastore, Instant now) {
    this.metastore = metastore;
    this.now = now;
  }

  /** The plan of a query: its DuckDB text plus the tables and views to define first. */
  record Plan(
      String sql,
      Map<String, TableDefinition> tables,
      Map<String, String> views,
      boolean pseudoColumns) {}

  Plan plan(
      Query query, String sqlText, List<Expression> parameters, String catalog, String database)
      throws QueryFailure {
    pseudoColumns |= mentionsPseudoColumns(sqlText);
    String sql = new SqlTranslator(parameters, now, resolver(catalog, database)).translate(query);
    return new Plan(sql, Map.copyOf(tables), new LinkedHashMap<>(views), pseudoColumns);
  }

  /** The DuckDB relation name of a catalog table or view. */
  static String relationName(String database, String name) {
    return SqlTranslator.quote(database + "." + name);
  }

  private SqlTranslator.RelationResolver resolver(String catalog, String database) {
    return (name, at) -> resolve(name, at, catalog, database);
  }

  private String resolve(QualifiedName name, Node at, String catalog, String database)
      throws QueryFailure {
    List<String> parts = name.getParts().stream().map(p -> p.toLowerCase(Locale.ROOT)).toList();
    String cat = parts.size() == 3 ? parts.get(0) : lower(catalog);
    String db = parts.size() >= 2 ? parts.get(parts.size() - 2) : lower(database);
    String table = parts.get(parts.size() - 1);
    if (parts.size() > 3) {
      throw QueryFailure.user("SYNTAX_ERROR", at, "Too many dots in table name: " + name);
    }
    if (!CATALOG.equals(cat)) {
      throw QueryFailure.user("CATALOG_NOT_FOUND", at, "Catalog '" + cat + "' does not exist");
    }
    if (db == null) {
      throw QueryFailure.user(
          "MISSING_SCHEMA_NAME", at, "Schema must be specified when session schema is not set");
    }
    if (!metastore.databaseExists(db)) {
      throw QueryFailure.user("SCHEMA_NOT_FOUND", at, "Schema '" + db + "' does not exist");
    }
    Entry entry =
        metastore
            .entry(db, table)
            .orElseThrow(
                () ->
                    QueryFailure.user(
                        "TABLE_NOT_FOUND",
                        at,
                        "Table '" + CATALOG + "." + db + "." + table + "' does not exist"));
    String key = db + "." + table;
    if (entry instanceof TableEntry t) {
      tables.putIfAbsent(key, t.definition());
    } else if (entry instanceof ViewEntry v && !views.containsKey(key)) {
      if (!inProgress.add(key)) {
        throw QueryFailure.user("VIEW_IS_RECURSIVE", at, "View is recursive: " + key);
      }
      pseudoColumns |= mentionsPseudoColumns(v.sql());
      Query body = ((CreateView) new SqlParser().createStatement(v.sql())).getQuery();
      String translated;
      try {
        translated = new SqlTranslator(List.of(), now, resolver(CATALOG, db)).translate(body);
      } catch (QueryFailure f) {
        throw QueryFailure.user(
            "VIEW_IS_STALE",
            at,
            "View '" + CATALOG + "." + key + "' is stale or invalid: " + f.reason());
      }
      views.put(key, translated);
      inProgress.remove(key);
    }
    return relationName(db, table);
  }

  static boolean mentionsPseudoColumns(String sql) {
    return sql.contains("$path")
        || sql.contains("$file_size")
        || sql.contains("$file_modified_time");
  }

  private static String lower(String s) {
    return s == null ? null : s.toLowerCase(Locale.ROOT);
  }
}
