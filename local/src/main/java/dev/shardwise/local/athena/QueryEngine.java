package dev.shardwise.local.athena;

import dev.shardwise.athena.CatalogException;
import dev.shardwise.athena.Column;
import dev.shardwise.athena.TableDefinition;
import dev.shardwise.local.athena.DuckDbSession.ScanStats;
import dev.shardwise.local.athena.Metastore.Entry;
import dev.shardwise.local.athena.Metastore.TableEntry;
import dev.shardwise.local.athena.Metastore.ViewEntry;
import dev.shardwise.local.athena.ParsedStatement.Trino;
import dev.shardwise.local.athena.ResultSink.ColumnMeta;
import dev.shardwise.local.athena.sql.DuckDbTypes;
import io.trino.sql.tree.CreateView;
import io.trino.sql.tree.DropView;
import io.trino.sql.tree.Expression;
import io.trino.sql.tree.QualifiedName;
import io.trino.sql.tree.Query;
import io.trino.sql.tree.ShowColumns;
import io.trino.sql.tree.ShowSchemas;
import io.trino.sql.tree.ShowTables;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Executes one parsed statement: Hive DDL against the {@link Metastore}, SHOW statements from it,
 * queries and view definitions on a fresh {@link DuckDbSession}. Reports the bytes read from the
 * table files as data scanned. Thread-safe: every call has its own session.
 */
final class QueryEngine {
  private final Metastore metastore;
  private final TableScans scans;
  private final Path athenaDir;
  private final AthenaConfig config;

  QueryEngine(Metastore metastore, TableScans scans, Path athenaDir, AthenaConfig config) {
    this.metastore = metastore;
    this.scans = scans;
    this.athenaDir = athenaDir.toAbsolutePath().normalize();
    this.config = config;
  }

  /** What a statement is run with. */
  record Request(
      ParsedStatement statement,
      List<String> parameters,
      String catalog,
      String database,
      Instant now,
      String queryId) {}

  /** What running it cost. */
  record Outcome(long dataScannedBytes, Set<Path> filesRead, long rows) {
    static final Outcome NONE = new Outcome(0, Set.of(), 0);
  }

  /** Lets StopQueryExecution interrupt the session a statement runs on. */
  static final class CancelHandle {
    private volatile DuckDbSession session;
    private volatile boolean cancelled;

    void attach(DuckDbSession s) {
      session = s;
      if (cancelled) {
        s.cancel();
      }
    }

    void cancel() {
      cancelled = true;
      DuckDbSession s = session;
      if (s != null) {
        s.cancel();
      }
    }

    boolean cancelled() {
      return cancelled;
    }
  }

  /** Thrown when the statement was stopped. */
  static final class CancelledException extends Exception {
    private static final long serialVersionUID = 1L;
  }

  Outcome run(Request request, ResultSink sink, CancelHandle cancel)
      throws QueryFailure, CancelledException, IOException {
    ParsedStatement s = request.statement();
    if (s instanceof ParsedStatement.CreateDatabase c) {
      metastore.createDatabase(c.name(), c.ifNotExists(), request.now());
    } else if (s instanceof ParsedStatement.DropDatabase d) {
      metastore.dropDatabase(d.name(), d.ifExists(), d.cascade());
    } else if (s instanceof ParsedStatement.CreateTable c) {
      createTable(request, c);
    } else if (s instanceof ParsedStatement.DropTable d) {
      metastore.drop(
          d.database() == null ? request.database() : d.database(), d.name(), false, d.ifExists());
    } else if (s instanceof Trino t) {
      return trino(request, t, sink, cancel);
    }
    sink.columns(List.of());
    return Outcome.NONE;
  }

  private void createTable(Request request, ParsedStatement.CreateTable c) throws QueryFailure {
    TableDefinition table = c.table();
    try {
      table.projection(); // a broken projection fails now, as in Athena
    } catch (CatalogException e) {
      throw new QueryFailure("FAILED", 2, QueryFailure.DDL_FAILED, e.getMessage());
    }
    if (!table.location().startsWith("s3://")) {
      throw new QueryFailure(
          "FAILED",
          2,
          QueryFailure.DDL_FAILED,
          "LOCATION must be an s3:// URI: " + table.location());
    }
    String db = table.database() == null ? request.database() : table.database();
    if (db == null) {
      throw new QueryFailure("FAILED", 2, QueryFailure.DDL_FAILED, "No database selected");
    }
    metastore.createTable(db, table, c.ifNotExists(), request.now());
  }

  private Outcome trino(Request request, Trino t, ResultSink sink, CancelHandle cancel)
      throws QueryFailure, CancelledException, IOException {
    if (t.statement() instanceof Query q) {
      List<Expression> params = ParameterBinder.bind(q, request.parameters());
      QueryPlanner.Plan plan =
          new QueryPlanner(metastore, request.now())
              .plan(q, t.sql(), params, request.catalog(), request.database());
      return execute(request, plan, plan.sql(), sink, cancel);
    }
    if (t.statement() instanceof CreateView v) {
      createView(request, t, v, cancel);
    } else if (t.statement() instanceof DropView v) {
      Name n = name(v.getName(), request);
      metastore.drop(n.database(), n.table(), true, v.isExists());
    } else if (t.statement() instanceof ShowTables show) {
      String db = show.getSchema().map(s -> s.getSuffix()).orElse(request.database());
      sink.columns(List.of(new ColumnMeta("tab_name", "varchar", 2147483647, 0)));
      for (Entry e : metastore.entries(db)) {
        sink.row(new String[] {e.name()});
      }
      return Outcome.NONE;
    } else if (t.statement() instanceof ShowSchemas) {
      sink.columns(List.of(new ColumnMeta("database_name", "varchar", 2147483647, 0)));
      for (String db : metastore.databases()) {
        sink.row(new String[] {db});
      }
      return Outcome.NONE;
    } else if (t.statement() instanceof ShowColumns show) {
      describe(request, show, sink);
      return Outcome.NONE;
    }
    sink.columns(List.of());
    return Outcome.NONE;
  }

  private void createView(Request request, Trino t, CreateView v, CancelHandle cancel)
      throws QueryFailure, CancelledException, IOException {
    if (ParameterBinder.countParameters(v) > 0) {
      throw QueryFailure.user("INVALID_PARAMETER_USAGE", "A view cannot have parameters");
    }
    Name n = name(v.getName(), request);
    QueryPlanner.Plan plan =
        new QueryPlanner(metastore, request.now())
            .plan(v.getQuery(), t.sql(), List.of(), QueryPlanner.CATALOG, n.database());
    List<Column> columns = new ArrayList<>();
    ResultSink describe =
        new ResultSink() {
          @Override
          public void columns(List<ColumnMeta> cols) {
            cols.forEach(c -> columns.add(new Column(c.name(), c.type())));
          }

          @Override
          public void row(String[] values) {}
        };
    execute(request, plan, "SELECT * FROM (" + plan.sql() + ") LIMIT 0", describe, cancel);
    metastore.putView(n.database(), n.table(), t.sql(), columns, v.isReplace(), request.now());
  }

  private void describe(Request request, ShowColumns show, ResultSink sink)
      throws QueryFailure, IOException {
    Name n = name(show.getTable(), request);
    Entry e =
        metastore
            .entry(n.database(), n.table())
            .orElseThrow(
                () ->
                    QueryFailure.user(
                        "TABLE_NOT_FOUND",
                        show,
                        "Table '"
                            + QueryPlanner.CATALOG
                            + "."
                            + n.database()
                            + "."
                            + n.table()
                            + "' does not exist"));
    sink.columns(
        List.of(
            new ColumnMeta("Column", "varchar", 2147483647, 0),
            new ColumnMeta("Type", "varchar", 2147483647, 0),
            new ColumnMeta("Extra", "varchar", 2147483647, 0),
            new ColumnMeta("Comment", "varchar", 2147483647, 0)));
    if (e instanceof TableEntry t) {
      for (Column c : t.definition().columns()) {
        sink.row(new String[] {c.name(), c.type(), "", c.comment() == null ? "" : c.comment()});
      }
      for (Column c : t.definition().partitionKeys()) {
        sink.row(
            new String[] {
              c.name(), c.type(), "partition key", c.comment() == null ? "" : c.comment()
            });
      }
    } else if (e instanceof ViewEntry v) {
      for (Column c : v.columns()) {
        sink.row(new String[] {c.name(), c.type(), "", ""});
      }
    }
  }

  /**
   * Runs translated SQL on a fresh session; retries once reading files by name if their schemas
   * differ.
   */
  private Outcome execute(
      Request request, QueryPlanner.Plan plan, String sql, ResultSink sink, CancelHandle cancel)
      throws QueryFailure, CancelledException, IOException {
    try {
      return executeOnce(request, plan, sql, sink, cancel, false);
    } catch (SchemaMismatch m) {
      try {
        return executeOnce(request, plan, sql, sink, cancel, true);
      } catch (SchemaMismatch again) {
        throw DuckDbErrors.map(again.cause);
      }
    }
  }

  private Outcome executeOnce(
      Request request,
      QueryPlanner.Plan plan,
      String sql,
      ResultSink sink,
      CancelHandle cancel,
      boolean unionByName)
      throws QueryFailure, CancelledException, IOException, SchemaMismatch {
    try (DuckDbSession session =
        DuckDbSession.open(
            config.duckDbThreads(),
            config.duckDbMemoryLimit(),
            athenaDir.resolve("tmp").resolve(request.queryId()))) {
      cancel.attach(session);
      try {
        for (Map.Entry<String, TableDefinition> t : plan.tables().entrySet()) {
          TableDefinition def = t.getValue();
          String scan =
              scans.scan(
                  session, def, scans.files(def, request.now()), plan.pseudoColumns(), unionByName);
          session.execute("CREATE TEMP VIEW " + quoted(t.getKey()) + " AS " + scan);
        }
        for (Map.Entry<String, String> v : plan.views().entrySet()) {
          session.execute("CREATE TEMP VIEW " + quoted(v.getKey()) + " AS " + v.getValue());
        }
        long rows =
            session.query(
                sql,
                rs -> {
                  ResultSetMetaData md = rs.getMetaData();
                  int n = md.getColumnCount();
                  String[] duckTypes = new String[n];
                  List<ColumnMeta> cols = new ArrayList<>(n);
                  for (int i = 1; i <= n; i++) {
                    duckTypes[i - 1] = md.getColumnTypeName(i);
                    String type = DuckDbTypes.athenaName(duckTypes[i - 1]);
                    cols.add(
                        new ColumnMeta(
                            md.getColumnLabel(i),
                            type,
                            type.equals("decimal")
                                ? md.getPrecision(i)
                                : DuckDbTypes.precision(type),
                            type.equals("decimal") ? md.getScale(i) : 0));
                  }
                  long count = 0;
                  try {
                    sink.columns(cols);
                    while (rs.next()) {
                      String[] values = new String[n];
                      for (int i = 1; i <= n; i++) {
                        values[i - 1] = ValueFormatter.format(rs, i, duckTypes[i - 1]);
                      }
                      sink.row(values);
                      count++;
                    }
                  } catch (IOException e) {
                    throw new SQLException("cannot write the result: " + e.getMessage(), e);
                  }
                  return count;
                });
        ScanStats stats = session.scanStats(athenaDir);
        return new Outcome(stats.bytes(), stats.files(), rows);
      } catch (SQLException e) {
        if (cancel.cancelled() || DuckDbErrors.isInterrupt(e)) {
          throw new CancelledException();
        }
        if (!unionByName && DuckDbErrors.isSchemaMismatch(e)) {
          throw new SchemaMismatch(e);
        }
        if (e.getCause() instanceof IOException io) {
          throw io;
        }
        throw DuckDbErrors.map(e);
      }
    } catch (SQLException e) {
      throw QueryFailure.internal("cannot start DuckDB: " + e.getMessage());
    }
  }

  private record Name(String database, String table) {}

  private static Name name(QualifiedName name, Request request) throws QueryFailure {
    List<String> p = name.getParts().stream().map(s -> s.toLowerCase(Locale.ROOT)).toList();
    if (p.size() == 1) {
      if (request.database() == null) {
        throw QueryFailure.user(
            "MISSING_SCHEMA_NAME", "Schema must be specified when session schema is not set");
      }
      return new Name(request.database().toLowerCase(Locale.ROOT), p.get(0));
    }
    return new Name(p.get(p.size() - 2), p.get(p.size() - 1));
  }

  private static String quoted(String key) {
    return dev.shardwise.local.athena.sql.SqlTranslator.quote(key);
  }

  private static final class SchemaMismatch extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient SQLException cause;

    SchemaMismatch(SQLException cause) {
      super(cause.getMessage(), null, false, false);
      this.cause = cause;
    }
  }
}
