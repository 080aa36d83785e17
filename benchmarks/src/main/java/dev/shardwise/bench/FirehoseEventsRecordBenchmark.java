package dev.shardwise.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.shardwise.core.kpl.AggregateBuilder;
import dev.shardwise.core.kpl.AggregatedRecord;
import dev.shardwise.core.kpl.Deaggregated;
import dev.shardwise.core.kpl.KplDecoder;
import dev.shardwise.core.kpl.UserRecord;
import dev.shardwise.firehose.DataFormatConversion;
import dev.shardwise.firehose.DeliveryStreamDefinitions;
import dev.shardwise.local.firehose.ColumnListSchemaResolver;
import dev.shardwise.local.firehose.internal.Partitioner;
import dev.shardwise.local.firehose.internal.RowConverter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * What the local Firehose does per record of the Kinesis-sourced {@code shardwise-events} stream
 * before buffering (the work of its tick thread, without the Kinesis read): deaggregate the KPL
 * aggregates, parse each user record to a tree once, evaluate the shipped {@code
 * MetadataExtractionQuery}, convert the row for Parquet (OpenX, the {@code events} table). {@code
 * engine} compares jackson-jq on every record ({@code jq}, the baseline) with the Java equivalent
 * registered for the shipped query ({@code compiled}). {@code partitionOnly} isolates the query on
 * pre-parsed trees. Reported per record.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class FirehoseEventsRecordBenchmark {
  static final int RECORDS = 1000;
  private static final ObjectReader TREE = new ObjectMapper().readerFor(JsonNode.class);

  /** The Glue columns of the {@code events} table (as its DDL in athena-queries declares them). */
  static final String EVENTS_COLUMNS =
      "schema int, event_id string, type string, time string, device_id string, session_id string,"
          + " page string, referrer string, country string, load_ms int,"
          + " metrics map<string,double>";

  @Param({"jq", "compiled"})
  public String engine;

  AggregatedRecord[] aggregates;
  JsonNode[] trees;
  Partitioner partitioner;
  RowConverter converter;

  @Setup
  public void setUp() throws Exception {
    var s3 =
        DeliveryStreamDefinitions.load(
                "shardwise-events",
                DeliveryStreamDefinitions.localValues("us-east-1", "000000000000", "bench", "none"))
            .extendedS3DestinationConfiguration();
    partitioner =
        new Partitioner(
            s3.metadataExtractionQuery().orElseThrow(),
            Set.of("dt", "hour"),
            engine.equals("compiled"));
    if (partitioner.compiled() != engine.equals("compiled")) {
      throw new IllegalStateException("the shipped events query has no compiled equivalent");
    }
    DataFormatConversion.OpenXJsonSerDe serde =
        s3.dataFormatConversionConfiguration()
            .inputFormatConfiguration()
            .deserializer()
            .openXJsonSerDe();
    converter =
        new RowConverter(
            new ColumnListSchemaResolver()
                .table("shardwise", "events", EVENTS_COLUMNS)
                .resolve("shardwise", "events")
                .orElseThrow(),
            serde);
    UserRecord[] records = KplInputs.userRecords(RECORDS, 7);
    List<AggregatedRecord> out = new ArrayList<>();
    AggregateBuilder builder = new AggregateBuilder();
    trees = new JsonNode[RECORDS];
    for (int i = 0; i < RECORDS; i++) {
      trees[i] = TREE.readValue(records[i].data());
      if (!builder.tryAdd(records[i])) {
        out.add(builder.build());
        if (!builder.tryAdd(records[i])) {
          throw new IllegalStateException("a record does not fit an empty aggregate");
        }
      }
    }
    out.add(builder.build());
    aggregates = out.toArray(new AggregatedRecord[0]);
    Partitioner baseline =
        new Partitioner(s3.metadataExtractionQuery().orElseThrow(), Set.of("dt", "hour"), false);
    for (JsonNode tree : trees) {
      var outcome = partitioner.partition(tree);
      if (!(outcome instanceof Partitioner.Keys) || !outcome.equals(baseline.partition(tree))) {
        throw new IllegalStateException("engines disagree or fail on " + tree);
      }
    }
  }

  @Benchmark
  @OperationsPerInvocation(RECORDS)
  public void perRecord(Blackhole bh) throws Exception {
    for (AggregatedRecord a : aggregates) {
      var d = (Deaggregated.Records) KplDecoder.deaggregate(a.data(), a.partitionKey(), null);
      for (UserRecord u : d.records()) {
        JsonNode tree = TREE.readValue(u.data());
        bh.consume(partitioner.partition(tree));
        bh.consume(converter.convert(tree));
      }
    }
  }

  @Benchmark
  @OperationsPerInvocation(RECORDS)
  public void partitionOnly(Blackhole bh) {
    for (JsonNode tree : trees) {
      bh.consume(partitioner.partition(tree));
    }
  }
}
