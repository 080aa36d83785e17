package dev.shardwise.bench;

import dev.shardwise.firehose.DeliveryStreamDefinitions;
import dev.shardwise.firehose.ExtendedS3Destination;
import dev.shardwise.firehose.PrefixTemplate;
import dev.shardwise.local.firehose.ColumnListSchemaResolver;
import dev.shardwise.local.firehose.internal.DeliveryPipeline;
import dev.shardwise.local.firehose.internal.Incoming;
import dev.shardwise.local.firehose.internal.Partitioner;
import dev.shardwise.local.firehose.internal.RowConverter;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
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
 * The local Firehose's per-record work before buffering ({@code DeliveryPipeline.prepare}): the
 * partition keys from the shipped {@code MetadataExtractionQuery} and the Parquet row of the
 * table's columns (OpenX). {@code path} compares the tree path ({@code TREE}: parse the record to a
 * {@code JsonNode}, partition, convert; the reference) with the streaming path ({@code STREAMING}:
 * one pass of Jackson's streaming parser into the row, reading the partitioning field on the way).
 * {@code stream}: {@code events} (250-byte events of {@code KplInputs}, the Kinesis-sourced
 * archive) or {@code page_views} (the rows of {@code FirehoseThroughput}). One thread, per record.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class FirehosePrepareBenchmark {
  static final int RECORDS = 1000;

  @Param({"TREE", "STREAMING"})
  public String path;

  @Param({"events", "page_views"})
  public String stream;

  Incoming[] records;
  DeliveryPipeline pipeline;

  @Setup
  public void setUp() {
    boolean events = stream.equals("events");
    String name = events ? "shardwise-events" : "shardwise-page-views";
    ExtendedS3Destination s3 =
        DeliveryStreamDefinitions.load(
                name,
                DeliveryStreamDefinitions.localValues("us-east-1", "000000000000", "bench", "none"))
            .extendedS3DestinationConfiguration();
    var conversion = s3.dataFormatConversionConfiguration();
    RowConverter converter =
        new RowConverter(
            new ColumnListSchemaResolver()
                .table(
                    "shardwise",
                    stream,
                    events
                        ? FirehoseEventsRecordBenchmark.EVENTS_COLUMNS
                        : FirehoseThroughput.COLUMNS)
                .resolve("shardwise", stream)
                .orElseThrow(),
            conversion.inputFormatConfiguration().deserializer().openXJsonSerDe());
    Partitioner partitioner =
        new Partitioner(
            s3.metadataExtractionQuery().orElseThrow(),
            PrefixTemplate.parse(s3.prefix()).queryKeys());
    pipeline =
        new DeliveryPipeline(
            new DeliveryPipeline.Settings(
                name,
                "bench",
                partitioner,
                500,
                new DeliveryPipeline.Conversion(
                    conversion.schemaConfiguration(), "arn:aws:glue:::catalog", converter, null),
                null,
                null,
                128L << 20,
                Duration.ofSeconds(60),
                null,
                null,
                null,
                InstantSource.system(),
                null,
                Runnable::run),
            path.equals("STREAMING"));
    List<byte[]> data = new ArrayList<>();
    if (events) {
      for (var u : KplInputs.userRecords(RECORDS, 7)) {
        data.add(u.data());
      }
    } else {
      for (var r : FirehoseThroughput.batches(2)) {
        for (var rec : r) {
          data.add(rec.data().asByteArray());
        }
      }
    }
    records = new Incoming[RECORDS];
    for (int i = 0; i < RECORDS; i++) {
      records[i] = Incoming.directPut(data.get(i), 0, Incoming.Ack.NONE);
      Object[] prepared = pipeline.prepare(records[i]);
      if (!(prepared[1] instanceof Object[])) {
        throw new IllegalStateException(stream + ": a record did not convert: " + prepared[1]);
      }
    }
  }

  @Benchmark
  @OperationsPerInvocation(RECORDS)
  public void prepare(Blackhole bh) {
    for (Incoming r : records) {
      bh.consume(pipeline.prepare(r));
    }
  }
}
