package dev.shardwise.athena;

import dev.shardwise.athena.internal.SqlHeader;
import dev.shardwise.athena.internal.SqlScanner;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The analyst-facing catalogue shipped as {@code .sql} resources under {@code
 * dev/shardwise/athena/}: the Glue tables (DDL with partition projection), the deduplicating views
 * and the named queries. {@code infra} creates the tables and views from it, the local runtime
 * installs it into the local Athena, the local Firehose reads table column schemas from it, and
 * {@code shardwise query} runs its named queries. Immutable and thread-safe.
 */
public final class QueryCatalog {
  /** The Glue database every table and view lives in. */
  public static final String DATABASE = "shardwise";

  private static final String ROOT = "dev/shardwise/athena/";
  private static final Pattern VIEW_NAME =
      Pattern.compile(
          "^\\s*CREATE\\s+OR\\s+REPLACE\\s+VIEW\\s+([a-z_][a-z0-9_]*)\\s+AS\\s",
          Pattern.CASE_INSENSITIVE | Pattern.MULTILINE);

  private final List<TableDefinition> tables;
  private final List<ViewDefinition> views;
  private final List<NamedQuery> queries;

  private QueryCatalog(
      List<TableDefinition> tables, List<ViewDefinition> views, List<NamedQuery> queries) {
    this.tables = List.copyOf(tables);
    this.views = List.copyOf(views);
    this.queries = List.copyOf(queries);
  }

  /**
   * Loads the catalogue from the class path, checking every resource (DDL structure, headers,
   * parameter markers against declared binds).
   *
   * @throws CatalogException naming the resource and what is wrong
   */
  public static QueryCatalog load() {
    List<TableDefinition> tables = new ArrayList<>();
    List<ViewDefinition> views = new ArrayList<>();
    List<NamedQuery> queries = new ArrayList<>();
    for (String path : resourcePaths()) {
      String sql = read(path);
      if (path.startsWith("tables/")) {
        tables.add(table(path, sql));
      } else if (path.startsWith("views/")) {
        views.add(view(path, sql));
      } else if (path.startsWith("queries/")) {
        queries.add(query(path, sql));
      } else {
        throw new CatalogException(ROOT + "catalog.index: unknown kind of resource " + path);
      }
    }
    return new QueryCatalog(tables, views, queries);
  }

  public List<TableDefinition> tables() {
    return tables;
  }

  /** A table as the catalogue defines it (the archive bucket still a placeholder). */
  public Optional<TableDefinition> table(String name) {
    return tables.stream().filter(t -> t.name().equals(lower(name))).findFirst();
  }

  public List<ViewDefinition> views() {
    return views;
  }

  public Optional<ViewDefinition> view(String name) {
    return views.stream().filter(v -> v.name().equals(lower(name))).findFirst();
  }

  public List<NamedQuery> namedQueries() {
    return queries;
  }

  public Optional<NamedQuery> namedQuery(String name) {
    return queries.stream().filter(q -> q.name().equals(lower(name))).findFirst();
  }

  /**
   * The statements that create the catalogue in Athena, in order, to run with {@link #DATABASE} as
   * the query context: the database, every table (with the archive bucket filled in), every view.
   */
  public List<String> setupStatements(String archiveBucket) {
    List<String> out = new ArrayList<>();
    out.add("CREATE DATABASE IF NOT EXISTS " + DATABASE);
    tables.forEach(t -> out.add(t.withArchiveBucket(archiveBucket).ddl()));
    views.forEach(v -> out.add(v.sql()));
    return out;
  }

  private static TableDefinition table(String path, String sql) {
    try {
      return TableDefinition.parse(sql);
    } catch (CatalogException e) {
      throw new CatalogException(ROOT + path + ": " + e.getMessage(), e);
    }
  }

  private static ViewDefinition view(String path, String sql) {
    SqlHeader header = SqlHeader.parse(path, sql);
    String name = header.required(path, "name");
    Matcher m = VIEW_NAME.matcher(sql);
    if (!m.find() || !m.group(1).equalsIgnoreCase(name)) {
      throw new CatalogException(
          ROOT + path + ": must hold 'CREATE OR REPLACE VIEW " + name + " AS ...'");
    }
    if (SqlScanner.countParameters(sql) != 0) {
      throw new CatalogException(ROOT + path + ": a view cannot have ? parameters");
    }
    return new ViewDefinition(name, header.required(path, "description"), sql.strip());
  }

  private static NamedQuery query(String path, String sql) {
    SqlHeader header = SqlHeader.parse(path, sql);
    String name = header.required(path, "name");
    List<QueryParameter> params = new ArrayList<>();
    for (String p : header.all("param")) {
      String[] parts = p.split("\\|", -1);
      if (parts.length != 4) {
        throw new CatalogException(
            ROOT + path + ": param must be 'name | type | default | description': " + p);
      }
      String dflt = parts[2].strip();
      params.add(
          new QueryParameter(
              parts[0].strip(),
              ParameterType.of(parts[1]),
              dflt.isEmpty() ? null : dflt,
              parts[3].strip()));
    }
    List<String> binds =
        header.all("binds").isEmpty()
            ? List.of()
            : Arrays.stream(header.required(path, "binds").split(",")).map(String::strip).toList();
    int markers = SqlScanner.countParameters(sql);
    if (markers != binds.size()) {
      throw new CatalogException(
          ROOT + path + ": " + markers + " ? markers but binds names " + binds.size());
    }
    return new NamedQuery(name, header.required(path, "description"), params, binds, sql.strip());
  }

  private static List<String> resourcePaths() {
    return read("catalog.index")
        .lines()
        .map(String::strip)
        .filter(l -> !l.isEmpty() && !l.startsWith("#"))
        .toList();
  }

  private static String read(String path) {
    try (InputStream in = QueryCatalog.class.getClassLoader().getResourceAsStream(ROOT + path)) {
      if (in == null) {
        throw new CatalogException("missing resource " + ROOT + path);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new CatalogException("cannot read " + ROOT + path, e);
    }
  }

  private static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }
}
