package dev.shardwise.cli;

import dev.shardwise.athena.AthenaCost;
import dev.shardwise.athena.AthenaQueryRunner;
import dev.shardwise.athena.NamedQuery;
import dev.shardwise.athena.QueryCatalog;
import dev.shardwise.athena.QueryFailedException;
import dev.shardwise.athena.QueryParameter;
import dev.shardwise.athena.QueryResult;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProviderChain;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.athena.AthenaClient;
import software.amazon.awssdk.services.athena.AthenaClientBuilder;

/**
 * {@code shardwise query}: runs a named query of the catalogue (or any SQL) through the Athena API
 * of AWS or of the local runtime, and prints the result, the data scanned and what it would cost on
 * Athena.
 */
@Command(
    name = "query",
    sortOptions = false,
    description = {
      "Run a named query (or --sql) through Athena: AWS, or the local runtime with --endpoint-url.",
      "Prints the result, then the rows, data scanned and estimated cost ($5 per TB, 10 MB minimum).",
      "Examples:",
      "  shardwise query --list",
      "  shardwise query top_pages --param from_time='2026-11-21 10:00' --param to_time='2026-11-21 11:00'"
          + " --endpoint-url http://127.0.0.1:4566",
      "  shardwise query --sql \"SELECT count(*) FROM events WHERE dt = '2026-11-21'\" --format csv"
    })
final class QueryCommand implements java.util.concurrent.Callable<Integer> {
  static final int EXIT_QUERY_FAILED = 1;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "NAME",
      description = "A named query (see --list).")
  String name;

  @Option(names = "--list", description = "List the named queries and their parameters.")
  boolean list;

  @Option(
      names = "--sql",
      paramLabel = "SQL",
      description = "Run this SQL instead of a named query.")
  String sql;

  @Option(
      names = {"-p", "--param"},
      paramLabel = "KEY=VALUE",
      description = "A parameter of the named query (repeatable).")
  Map<String, String> params = new LinkedHashMap<>();

  @Option(
      names = "--execution-parameter",
      paramLabel = "LITERAL",
      description =
          "With --sql: a value for the next ?, as a SQL literal ('text', 42) (repeatable).")
  List<String> executionParameters = new ArrayList<>();

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      defaultValue = "table",
      description = "table, csv or json (csv and json print the summary to stderr).")
  String format;

  @Option(
      names = "--endpoint-url",
      paramLabel = "URL",
      description = "Athena endpoint, e.g. the local runtime's http://127.0.0.1:4566.")
  URI endpoint;

  @Option(
      names = "--region",
      paramLabel = "REGION",
      description =
          "AWS region (default: the standard region chain; us-east-1 for a local endpoint).")
  String region;

  @Option(
      names = "--database",
      defaultValue = QueryCatalog.DATABASE,
      description = "Database (default: ${DEFAULT-VALUE}).")
  String database;

  @Option(
      names = "--work-group",
      defaultValue = "primary",
      description = "Work group (default: ${DEFAULT-VALUE}).")
  String workGroup;

  @Option(
      names = "--output-location",
      paramLabel = "S3_URI",
      description = "s3:// location for results (default: the work group's).")
  String outputLocation;

  @Option(
      names = "--timeout",
      defaultValue = "PT30M",
      description = "Give up and stop the query after this (default: ${DEFAULT-VALUE}).")
  Duration timeout;

  private final Function<QueryCommand, AthenaClient> clients;

  QueryCommand() {
    this(QueryCommand::client);
  }

  QueryCommand(Function<QueryCommand, AthenaClient> clients) {
    this.clients = clients;
  }

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    QueryCatalog catalog = QueryCatalog.load();
    if (list) {
      printCatalogue(catalog, out);
      return 0;
    }
    ResultPrinter.Format fmt = format();
    String text;
    List<String> values;
    if (sql != null) {
      if (name != null || !params.isEmpty()) {
        throw usage(
            "give either a NAME (with --param) or --sql (with --execution-parameter), not both");
      }
      text = sql;
      values = executionParameters;
    } else if (name != null) {
      NamedQuery q =
          catalog
              .namedQuery(name)
              .orElseThrow(
                  () -> usage("no named query '" + name + "'; see shardwise query --list"));
      try {
        values = q.executionParameters(params);
      } catch (IllegalArgumentException e) {
        throw usage(e.getMessage());
      }
      text = q.sql();
    } else {
      throw usage("give a NAME, --sql or --list");
    }
    AthenaQueryRunner.Settings settings;
    try {
      settings =
          AthenaQueryRunner.Settings.defaults()
              .withDatabase(database)
              .withWorkGroup(workGroup)
              .withOutputLocation(outputLocation)
              .withTimeout(timeout);
    } catch (IllegalArgumentException e) {
      throw usage(e.getMessage());
    }
    try (AthenaClient athena = clients.apply(this)) {
      QueryResult result = new AthenaQueryRunner(athena, settings).run(text, values);
      ResultPrinter.print(result, fmt, out);
      PrintWriter summary = fmt == ResultPrinter.Format.TABLE ? out : err;
      summary.println(summary(result));
      summary.flush();
      return 0;
    } catch (QueryFailedException e) {
      err.println(
          "shardwise: query "
              + (e.queryExecutionId() == null
                  ? "refused"
                  : e.queryExecutionId() + " " + e.state().toLowerCase(Locale.ROOT))
              + ": "
              + e.getMessage());
      err.flush();
      return EXIT_QUERY_FAILED;
    } catch (SdkClientException e) {
      err.println(
          "shardwise: cannot reach Athena"
              + (endpoint == null ? "" : " at " + endpoint)
              + ": "
              + e.getMessage());
      err.flush();
      return EXIT_QUERY_FAILED;
    }
  }

  static String summary(QueryResult r) {
    String rows = r.rows().size() == 1 ? "1 row" : r.rows().size() + " rows";
    return String.format(
        Locale.ROOT,
        "(%s) Data scanned: %s. Estimated cost on Athena: $%.6f (billed as %s). Engine time: %d ms. Query %s.",
        rows,
        AthenaCost.humanBytes(r.dataScannedBytes()),
        r.estimatedCostUsd(),
        AthenaCost.humanBytes(AthenaCost.billedBytes(r.dataScannedBytes())),
        r.engineTimeMillis(),
        r.queryExecutionId());
  }

  private static void printCatalogue(QueryCatalog catalog, PrintWriter out) {
    for (NamedQuery q : catalog.namedQueries()) {
      out.println(q.name());
      out.println("  " + q.description());
      for (QueryParameter p : q.parameters()) {
        out.println(
            "  --param "
                + p.name()
                + "=<"
                + p.type().name().toLowerCase(Locale.ROOT)
                + ">  "
                + p.description()
                + (p.required() ? "" : " (default " + p.defaultValue() + ")"));
      }
    }
    out.flush();
  }

  private ResultPrinter.Format format() {
    try {
      return ResultPrinter.Format.valueOf(format.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw usage("--format must be table, csv or json, was " + format);
    }
  }

  private CommandLine.ParameterException usage(String message) {
    return new CommandLine.ParameterException(spec.commandLine(), message);
  }

  /** The SDK client: the endpoint override for the local runtime, else the standard chains. */
  static AthenaClient client(QueryCommand c) {
    AthenaClientBuilder b = AthenaClient.builder().httpClient(UrlConnectionHttpClient.create());
    boolean local = c.endpoint != null && isLoopback(c.endpoint);
    if (c.endpoint != null) {
      b.endpointOverride(c.endpoint);
    }
    b.region(region(c.region, local));
    AwsCredentialsProvider credentials = DefaultCredentialsProvider.builder().build();
    if (local) { // the local runtime accepts any credentials; do not insist on real ones
      credentials =
          AwsCredentialsProviderChain.of(
              credentials,
              StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")));
    }
    return b.credentialsProvider(credentials).build();
  }

  private static Region region(String given, boolean local) {
    if (given != null) {
      return Region.of(given);
    }
    try {
      return DefaultAwsRegionProviderChain.builder().build().getRegion();
    } catch (SdkClientException e) {
      if (local) {
        return Region.US_EAST_1;
      }
      throw new IllegalStateException("no AWS region configured: pass --region or set AWS_REGION");
    }
  }

  private static boolean isLoopback(URI endpoint) {
    try {
      return endpoint.getHost() != null
          && InetAddress.getByName(endpoint.getHost()).isLoopbackAddress();
    } catch (java.net.UnknownHostException e) {
      return false;
    }
  }
}
