package dev.shardwise.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shardwise.athena.AthenaCost;
import dev.shardwise.athena.AthenaQueryRunner;
import dev.shardwise.athena.NamedQuery;
import dev.shardwise.athena.QueryCatalog;
import dev.shardwise.athena.QueryResult;
import dev.shardwise.local.athena.AthenaConfig;
import dev.shardwise.local.athena.AthenaService;
import dev.shardwise.local.s3.FileObjectStore;
import dev.shardwise.local.server.LocalServer;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.athena.AthenaClient;

/**
 * Times every named query on the local Athena over a large archive (default 10 million events over
 * seven days), end to end through the Athena API as {@code shardwise query} runs it, and reports
 * the wall time, the bytes scanned and what the query would cost on Athena. The archive is written
 * once under {@code --dir} and reused.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.shardwise.bench.AthenaQueryBenchmark \
 *     --dir /tmp/shardwise-athena-bench --events 10000000 --runs 3
 * </pre>
 *
 * Target: every query at most 2 s (median) on 2 cores.
 */
public final class AthenaQueryBenchmark {
  static final LocalDate FIRST_DAY = LocalDate.parse("2026-11-15");
  static final int DAYS = 7;
  static final Instant NOW = Instant.parse("2026-11-22T00:10:00Z");

  public static void main(String[] args) throws Exception {
    Map<String, String> opts = options(args);
    Path dir = Path.of(opts.getOrDefault("--dir", "/tmp/shardwise-athena-bench")).toAbsolutePath();
    long events = Long.parseLong(opts.getOrDefault("--events", "10000000"));
    int runs = Integer.parseInt(opts.getOrDefault("--runs", "3"));
    int threads =
        Integer.parseInt(
            opts.getOrDefault(
                "--threads", Integer.toString(Runtime.getRuntime().availableProcessors())));
    Path data = dir.resolve(events + "-events");
    Path archive = data.resolve("shardwise-archive");
    if (!Files.exists(archive.resolve("events"))) {
      long t0 = System.nanoTime();
      System.err.printf("writing %,d events to %s ...%n", events, archive);
      BenchArchive.write(archive, events, FIRST_DAY, DAYS, threads);
      System.err.printf("written in %.1f s%n", (System.nanoTime() - t0) / 1e9);
    }

    AthenaConfig config = AthenaConfig.defaults().withDuckDbThreads(threads);
    try (AthenaService athena =
            new AthenaService(
                config,
                new FileObjectStore(data, Clock.systemUTC()),
                Clock.fixed(NOW, ZoneOffset.UTC),
                new SplittableRandom(1));
        LocalServer server = LocalServer.builder().port(0).build().register(athena).start();
        AthenaClient client = client(server.endpoint())) {
      athena.install(QueryCatalog.load(), "shardwise-archive");
      AthenaQueryRunner runner =
          new AthenaQueryRunner(
              client,
              new AthenaQueryRunner.Settings(
                  QueryCatalog.DATABASE,
                  "primary",
                  null,
                  java.time.Duration.ofMillis(10),
                  java.time.Duration.ofMillis(50),
                  java.time.Duration.ofMinutes(30)));
      ArrayNode results = new ObjectMapper().createArrayNode();
      var os =
          (com.sun.management.OperatingSystemMXBean)
              java.lang.management.ManagementFactory.getOperatingSystemMXBean();
      System.out.printf(
          "%-24s %10s %10s %10s %12s %12s %6s%n",
          "query", "median ms", "min ms", "cpu ms", "scanned", "cost USD", "rows");
      for (Map.Entry<String, Map<String, String>> q : parameters().entrySet()) {
        NamedQuery named = QueryCatalog.load().namedQuery(q.getKey()).orElseThrow();
        List<Long> times = new ArrayList<>();
        List<Long> cpu = new ArrayList<>();
        QueryResult last = null;
        for (int i = 0; i < runs + 1; i++) { // the first run warms the JVM and the page cache
          long c0 = os.getProcessCpuTime();
          long t0 = System.nanoTime();
          last = runner.run(named, q.getValue());
          if (i > 0) {
            times.add((System.nanoTime() - t0) / 1_000_000);
            cpu.add((os.getProcessCpuTime() - c0) / 1_000_000);
          }
        }
        Collections.sort(times);
        Collections.sort(cpu);
        long median = times.get(times.size() / 2);
        long cpuMedian = cpu.get(cpu.size() / 2);
        System.out.printf(
            Locale.ROOT,
            "%-24s %10d %10d %10d %12s %12.6f %6d%n",
            q.getKey(),
            median,
            times.get(0),
            cpuMedian,
            AthenaCost.humanBytes(last.dataScannedBytes()),
            last.estimatedCostUsd(),
            last.rows().size());
        ObjectNode r = results.addObject();
        r.put("query", q.getKey());
        r.put("medianMillis", median);
        r.put("minMillis", times.get(0));
        r.put("medianCpuMillis", cpuMedian);
        r.put("dataScannedBytes", last.dataScannedBytes());
        r.put("estimatedCostUsd", last.estimatedCostUsd());
        r.put("rows", last.rows().size());
      }
      ObjectNode report = new ObjectMapper().createObjectNode();
      report.put("benchmark", "AthenaQueryBenchmark");
      report.put("events", events);
      report.put("runs", runs);
      report.put(
          "jdk", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
      report.put("cpus", Runtime.getRuntime().availableProcessors());
      report.put("duckDbThreads", threads);
      report.set("results", results);
      Path json = dir.resolve("athena-query-benchmark.json");
      new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(json.toFile(), report);
      System.out.println("results: " + json);
    }
  }

  /** Realistic parameters: a day, an hour range, the whole week where the question is weekly. */
  static Map<String, Map<String, String>> parameters() {
    Map<String, Map<String, String>> p = new LinkedHashMap<>();
    p.put("top_pages", Map.of("from_time", "2026-11-21 00:00", "to_time", "2026-11-22 00:00"));
    p.put(
        "page_views_per_minute",
        Map.of("page", "/page/1", "from_time", "2026-11-21 12:00", "to_time", "2026-11-21 18:00"));
    p.put("unique_devices_per_day", Map.of("from_date", "2026-11-15", "to_date", "2026-11-21"));
    p.put("recent_anomalies", Map.of("hours", "24"));
    p.put("device_telemetry", Map.of("device_id", "dev-000042", "hours", "24"));
    p.put("reject_reasons", Map.of("from_date", "2026-11-15", "to_date", "2026-11-21"));
    p.put("pipeline_freshness", Map.of("since_date", "2026-11-21"));
    p.put("duplicates_observed", Map.of("from_date", "2026-11-21", "to_date", "2026-11-21"));
    return p;
  }

  private static AthenaClient client(URI endpoint) {
    return AthenaClient.builder()
        .endpointOverride(endpoint)
        .region(Region.US_EAST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("bench", "bench")))
        .httpClient(UrlConnectionHttpClient.create())
        .build();
  }

  private static Map<String, String> options(String[] args) {
    Map<String, String> out = new LinkedHashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      if (!args[i].startsWith("--")) {
        throw new IllegalArgumentException("expected --option value pairs, got " + args[i]);
      }
      out.put(args[i], args[i + 1]);
    }
    return out;
  }
}
