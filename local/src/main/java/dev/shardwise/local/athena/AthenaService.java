package dev.shardwise.local.athena;

import static dev.shardwise.local.athena.ApiChecks.invalid;
import static dev.shardwise.local.athena.ApiChecks.length;
import static dev.shardwise.local.athena.ApiChecks.page;
import static dev.shardwise.local.athena.ApiChecks.pageSize;
import static dev.shardwise.local.athena.ApiChecks.workGroup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shardwise.athena.NamedQuery;
import dev.shardwise.athena.QueryCatalog;
import dev.shardwise.athena.TableDefinition;
import dev.shardwise.local.firehose.TableSchema;
import dev.shardwise.local.firehose.TableSchemaResolver;
import dev.shardwise.local.s3.ObjectStore;
import dev.shardwise.local.server.AwsServiceException;
import dev.shardwise.local.server.JsonRequest;
import dev.shardwise.local.server.JsonService;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.random.RandomGenerator;

/**
 * The local Athena ({@code AmazonAthena} JSON 1.1 protocol): queries in Athena's SQL run on
 * embedded DuckDB over the files of the local S3 store, in place. Implements StartQueryExecution,
 * GetQueryExecution, GetQueryResults, StopQueryExecution, ListQueryExecutions, CreateNamedQuery,
 * ListNamedQueries, GetNamedQuery, GetTableMetadata and ListTableMetadata, with Athena's error
 * codes. Results are also written as CSV to the output location, as Athena does.
 *
 * <p>State: the Glue catalog and named queries persist under {@code <data-dir>/.athena/};
 * executions are kept in memory. Thread-safe. {@link #close} stops running queries.
 */
public final class AthenaService implements JsonService, AutoCloseable {
  private static final int MAX_QUERY = 262_144;

  private final AthenaConfig config;
  private final InstantSource clock;
  private final RandomGenerator ids;
  private final Metastore metastore;
  private final NamedQueryStore namedQueries;
  private final QueryEngine engine;
  private final ResultFiles results;
  private final QueryExecutions executions;
  private final CatalogApi catalogApi;
  private final Map<String, Idempotent> tokens =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Idempotent> eldest) {
          return size() > 10_000;
        }
      };

  private record Idempotent(String fingerprint, String id) {}

  /**
   * A local Athena over the store's data directory, running queries on its own bounded executor.
   *
   * @param store the local S3 store: table files are read in place, results written to it
   * @param clock query submission times, {@code current_timestamp} and projection {@code NOW}
   * @param ids the source of execution and named-query ids
   */
  public AthenaService(
      AthenaConfig config, ObjectStore store, InstantSource clock, RandomGenerator ids) {
    this(config, store, clock, ids, boundedExecutor(config));
  }

  AthenaService(
      AthenaConfig config,
      ObjectStore store,
      InstantSource clock,
      RandomGenerator ids,
      ExecutorService executor) {
    this.config = config;
    this.clock = clock;
    this.ids = ids;
    Path athenaDir = store.root().resolve(".athena");
    this.metastore = new Metastore(athenaDir.resolve("catalog.json"));
    this.namedQueries = new NamedQueryStore(athenaDir.resolve("named-queries.json"));
    this.engine =
        new QueryEngine(
            metastore, new TableScans(store, athenaDir.resolve("schemas")), athenaDir, config);
    this.results = new ResultFiles(store, athenaDir.resolve("tmp"));
    this.executions =
        new QueryExecutions(
            config,
            engine,
            results,
            clock,
            executor,
            Executors.newSingleThreadScheduledExecutor(daemon("shardwise-athena-watchdog")));
    this.catalogApi = new CatalogApi(config, metastore, namedQueries, this::newId);
  }

  @Override
  public String targetPrefix() {
    return "AmazonAthena";
  }

  /**
   * Creates the catalogue: the database, its tables (over {@code archiveBucket}), its views, and
   * its named queries in work group {@code primary}. Idempotent; runs on the calling thread.
   *
   * @throws IllegalStateException naming the statement that failed
   */
  public void install(QueryCatalog catalog, String archiveBucket) {
    for (TableDefinition t :
        catalog.tables()) { // a table shipped with a new definition is replaced
      String ddl = t.withArchiveBucket(archiveBucket).ddl();
      metastore
          .entry(QueryCatalog.DATABASE, t.name())
          .filter(e -> e instanceof Metastore.TableEntry te && !te.definition().ddl().equals(ddl))
          .ifPresent(e -> dropQuietly(e.name()));
    }
    for (String sql : catalog.setupStatements(archiveBucket)) {
      Execution e;
      try {
        e = newExecution(sql, List.of(), QueryCatalog.DATABASE, "primary", null);
      } catch (QueryFailure f) {
        throw new IllegalStateException("cannot install " + firstLine(sql) + ": " + f.reason(), f);
      }
      executions.runNow(e);
      Execution.Snapshot s = e.snapshot();
      if (s.state() != Execution.State.SUCCEEDED) {
        throw new IllegalStateException(
            "cannot install "
                + firstLine(sql)
                + ": "
                + (s.failure() == null ? s.state() : s.failure().reason()));
      }
    }
    for (NamedQuery q : catalog.namedQueries()) {
      String id =
          namedQueries
              .byName(q.name(), "primary")
              .map(NamedQueryStore.Saved::id)
              .orElseGet(this::newId);
      namedQueries.put(
          new NamedQueryStore.Saved(
              id,
              q.name(),
              truncate(q.description(), 1024),
              QueryCatalog.DATABASE,
              q.sql(),
              "primary"));
    }
  }

  private void dropQuietly(String table) {
    try {
      metastore.drop(QueryCatalog.DATABASE, table, false, true);
    } catch (QueryFailure e) {
      throw new IllegalStateException("cannot replace table " + table + ": " + e.reason(), e);
    }
  }

  @Override
  public ObjectNode handle(JsonRequest r) throws AwsServiceException {
    return switch (r.operation()) {
      case "StartQueryExecution" -> startQueryExecution(r);
      case "GetQueryExecution" -> getQueryExecution(r);
      case "GetQueryResults" -> getQueryResults(r);
      case "StopQueryExecution" -> stopQueryExecution(r);
      case "ListQueryExecutions" -> listQueryExecutions(r);
      case "CreateNamedQuery" -> catalogApi.createNamedQuery(r);
      case "GetNamedQuery" -> catalogApi.getNamedQuery(r);
      case "ListNamedQueries" -> catalogApi.listNamedQueries(r);
      case "GetTableMetadata" -> catalogApi.getTableMetadata(r);
      case "ListTableMetadata" -> catalogApi.listTableMetadata(r);
      default -> throw AwsServiceException.unknownOperation("AmazonAthena." + r.operation());
    };
  }

  // ---- queries -------------------------------------------------------------------------------

  private ObjectNode startQueryExecution(JsonRequest r) throws AwsServiceException {
    String sql = length(r, "QueryString", r.requiredString("QueryString"), 1, MAX_QUERY);
    String token = r.optionalString("ClientRequestToken");
    if (token != null) {
      length(r, "ClientRequestToken", token, 32, 128);
    }
    String workGroup = workGroup(r, config);
    ObjectNode context = r.optionalObject("QueryExecutionContext");
    String database = context == null ? null : JsonRequest.string(context, "Database");
    String catalog = context == null ? null : JsonRequest.string(context, "Catalog");
    if (catalog != null && !catalog.equalsIgnoreCase(QueryPlanner.CATALOG)) {
      throw invalid(
          "Catalog " + catalog + " is not found. The local Athena has AwsDataCatalog only.");
    }
    ObjectNode resultConfig = r.optionalObject("ResultConfiguration");
    String output =
        resultConfig == null ? null : JsonRequest.string(resultConfig, "OutputLocation");
    if (output == null) {
      output = config.defaultOutputLocation();
    }
    if (!output.startsWith("s3://") || output.length() <= 5) {
      throw invalid("Unable to verify/create output bucket: " + output + " is not an s3:// URI");
    }
    List<String> params = new ArrayList<>();
    ArrayNode given = r.optionalArray("ExecutionParameters");
    if (given != null) {
      if (given.isEmpty()) {
        throw JsonRequest.constraint(
            "ExecutionParameters", "[]", "Member must have length greater than or equal to 1");
      }
      for (JsonNode p : given) {
        if (!p.isTextual()) {
          throw AwsServiceException.serialization("ExecutionParameters must be strings");
        }
        params.add(length(r, "ExecutionParameters", p.textValue(), 1, 1024));
      }
    }
    String fingerprint =
        String.join(
            "\u0000",
            sql,
            workGroup,
            String.valueOf(database),
            output,
            String.join("\u0001", params));
    synchronized (tokens) {
      if (token != null && tokens.containsKey(token)) {
        Idempotent seen = tokens.get(token);
        if (!seen.fingerprint().equals(fingerprint)) {
          throw invalid("Idempotent parameters do not match");
        }
        return r.newResponse().put("QueryExecutionId", seen.id());
      }
      Execution e;
      try {
        e = newExecution(sql, params, database, workGroup, output);
      } catch (QueryFailure f) {
        throw invalid(f.getMessage());
      }
      try {
        executions.submit(e);
      } catch (RejectedExecutionException full) {
        throw new AwsServiceException(
                "TooManyRequestsException",
                400,
                "Rate exceeded: " + config.maxQueuedQueries() + " queries are already queued")
            .withField("Reason", "CONCURRENT_QUERY_LIMIT_EXCEEDED");
      }
      if (token != null) {
        tokens.put(token, new Idempotent(fingerprint, e.id));
      }
      return r.newResponse().put("QueryExecutionId", e.id);
    }
  }

  private Execution newExecution(
      String sql, List<String> params, String database, String workGroup, String output)
      throws QueryFailure {
    ParsedStatement statement = ParsedStatement.parse(sql);
    return new Execution(
        newId(),
        sql,
        statement,
        params,
        QueryPlanner.CATALOG,
        database == null ? null : database.toLowerCase(Locale.ROOT),
        workGroup,
        output == null ? config.defaultOutputLocation() : output,
        clock.instant());
  }

  private ObjectNode getQueryExecution(JsonRequest r) throws AwsServiceException {
    Execution e = execution(r);
    ObjectNode out = r.newResponse();
    out.set("QueryExecution", AthenaResponses.queryExecution(r, e));
    return out;
  }

  private ObjectNode getQueryResults(JsonRequest r) throws AwsServiceException {
    Execution e = execution(r);
    int max = r.optionalInt("MaxResults", 1000);
    if (max < 1 || max > 1000) {
      throw JsonRequest.constraint("MaxResults", max, "Member must have value between 1 and 1000");
    }
    Execution.Snapshot s = e.snapshot();
    switch (s.state()) {
      case QUEUED, RUNNING ->
          throw invalid("Query has not yet finished. Current state: " + s.state());
      case FAILED -> throw invalid(s.failure().reason());
      case CANCELLED -> throw invalid("Query was cancelled: " + s.cancelReason());
      default -> {}
    }
    long offset = 0;
    String token = r.optionalString("NextToken");
    if (token != null) {
      offset = decodeToken(token, e.id);
    }
    ResultFiles.Page page;
    try {
      page = results.read(e.resultLocation, e.statement.statementType(), offset, max);
    } catch (IOException io) {
      throw AwsServiceException.internalFailure(
          "Unable to read the result " + e.resultLocation.uri() + ": " + io.getMessage());
    }
    ObjectNode out = r.newResponse();
    out.put("UpdateCount", 0);
    ObjectNode rs = out.putObject("ResultSet");
    AthenaResponses.rows(rs.putArray("Rows"), page.rows());
    AthenaResponses.columnInfo(
        rs.putObject("ResultSetMetadata").putArray("ColumnInfo"), s.columns());
    if (page.nextOffset() >= 0) {
      out.put("NextToken", encodeToken(e.id, page.nextOffset()));
    }
    return out;
  }

  private ObjectNode stopQueryExecution(JsonRequest r) throws AwsServiceException {
    execution(r).cancel(clock.instant(), "Query cancelled by user");
    return r.newResponse();
  }

  private ObjectNode listQueryExecutions(JsonRequest r) throws AwsServiceException {
    int max = pageSize(r, 50);
    List<String> ids = executions.ids(workGroup(r, config));
    return page(r, ids, max, "QueryExecutionIds");
  }

  private Execution execution(JsonRequest r) throws AwsServiceException {
    String id = r.requiredString("QueryExecutionId");
    return executions.get(id).orElseThrow(() -> invalid("QueryExecution " + id + " was not found"));
  }

  private static String encodeToken(String id, long offset) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString((id + ":" + offset).getBytes(StandardCharsets.UTF_8));
  }

  private static long decodeToken(String token, String id) throws AwsServiceException {
    try {
      String text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
      int colon = text.lastIndexOf(':');
      if (colon < 0 || !text.substring(0, colon).equals(id)) {
        throw invalid("Invalid NextToken for query " + id);
      }
      return Long.parseLong(text.substring(colon + 1));
    } catch (IllegalArgumentException e) {
      throw invalid("Invalid NextToken");
    }
  }

  private String newId() {
    long hi = (ids.nextLong() & ~0xF000L) | 0x4000L; // version 4
    long lo = (ids.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L; // IETF variant
    synchronized (this) {
      return new UUID(hi, lo).toString();
    }
  }

  private static String firstLine(String sql) {
    for (String line : sql.split("\n")) {
      if (!line.isBlank() && !line.strip().startsWith("--")) {
        return line.strip();
      }
    }
    return sql;
  }

  private static String truncate(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max);
  }

  private static ExecutorService boundedExecutor(AthenaConfig config) {
    return new ThreadPoolExecutor(
        config.maxConcurrentQueries(),
        config.maxConcurrentQueries(),
        0,
        TimeUnit.MILLISECONDS,
        new ArrayBlockingQueue<>(Math.max(1, config.maxQueuedQueries())),
        daemon("shardwise-athena-"));
  }

  private static java.util.concurrent.ThreadFactory daemon(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return runnable -> {
      Thread t = new Thread(runnable, prefix + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  /**
   * The table schemas Firehose's Parquet conversion reads ({@code SchemaConfiguration}): the data
   * columns of a table of this catalog, as Glue would give them. Thread-safe; reflects later DDL.
   */
  public TableSchemaResolver tableSchemas() {
    return (database, table) ->
        metastore
            .entry(database, table)
            .filter(e -> e instanceof Metastore.TableEntry)
            .map(
                e ->
                    new TableSchema(
                        e.database(),
                        e.name(),
                        ((Metastore.TableEntry) e)
                            .definition().columns().stream()
                                .map(c -> new TableSchema.Column(c.name(), c.type()))
                                .toList()));
  }

  /** The table files a finished query read (for tests of partition pruning). */
  java.util.Set<Path> filesRead(String queryExecutionId) {
    return executions.get(queryExecutionId).orElseThrow().snapshot().filesRead();
  }

  @Override
  public void close() {
    executions.close();
  }
}
