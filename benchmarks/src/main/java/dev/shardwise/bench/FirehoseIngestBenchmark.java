package dev.shardwise.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shardwise.firehose.DeliveryStreamDefinitions;
import dev.shardwise.local.firehose.ColumnListSchemaResolver;
import dev.shardwise.local.firehose.FirehoseService;
import dev.shardwise.local.server.AwsServiceException;
import dev.shardwise.local.server.JsonRequest;
import dev.shardwise.local.server.WireFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The server side of the local Firehose without HTTP: one {@code PutRecordBatch} of 500 rows of
 * about 250 bytes handled by {@link FirehoseService#handle}, delivery included (every 64 MiB a
 * buffer is encoded and stored, on the calling thread). Reported per record. {@code stream}
 * compares the Parquet path ({@code shardwise-page-views}: JQ, OpenX conversion, Parquet SNAPPY)
 * with the plain JSON path ({@code shardwise-rejects}: JQ, GZIP).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class FirehoseIngestBenchmark {
  @Param({"shardwise-page-views", "shardwise-rejects"})
  public String stream;

  FirehoseService service;
  ObjectNode[] bodies;
  int next;
  Path dir;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    dir = Files.createTempDirectory("firehose-jmh");
    service =
        FirehoseService.builder()
            .dataDir(dir)
            .store(new FirehoseThroughput.CountingStore(dir))
            .clock(Clock.systemUTC())
            .random(new SplittableRandom(1))
            .schemas(
                new ColumnListSchemaResolver()
                    .table("shardwise", "page_views", FirehoseThroughput.COLUMNS))
            .build();
    service.create(
        DeliveryStreamDefinitions.load(
            stream,
            DeliveryStreamDefinitions.localValues("us-east-1", "000000000000", "bench", "none")));
    List<List<software.amazon.awssdk.services.firehose.model.Record>> batches =
        FirehoseThroughput.batches(64);
    bodies = new ObjectNode[batches.size()];
    for (int b = 0; b < bodies.length; b++) {
      ObjectNode body = WireFormat.JSON.mapper().createObjectNode();
      body.put("DeliveryStreamName", stream);
      ArrayNode records = body.putArray("Records");
      for (var r : batches.get(b)) {
        byte[] data = r.data().asByteArray();
        if (stream.equals("shardwise-rejects")) {
          data =
              new String(data, java.nio.charset.StandardCharsets.UTF_8)
                  .replace("\"minute\"", "\"arrival_time\"")
                  .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
        records.addObject().put("Data", Base64.getEncoder().encodeToString(data));
      }
      bodies[b] = body;
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    service.close();
  }

  @Benchmark
  @OperationsPerInvocation(500)
  public ObjectNode putRecordBatch() throws AwsServiceException {
    ObjectNode body = bodies[next++ & (bodies.length - 1)];
    return service.handle(
        new JsonRequest("PutRecordBatch", WireFormat.JSON, body, Map.of(), 130_000));
  }
}
