package dev.shardwise.cli;

import dev.shardwise.local.kinesis.KinesisConfig;
import dev.shardwise.local.kinesis.KinesisService;
import dev.shardwise.local.server.LocalServer;
import dev.shardwise.producer.KinesisClients;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/** The local Kinesis endpoint on a free loopback port, with a stream, for producer ITs. */
final class LocalKinesis implements AutoCloseable {
  final LocalServer server;
  final KinesisService service;
  final KinesisAsyncClient client;

  LocalKinesis(KinesisConfig config, Path dataDir) throws IOException {
    service = new KinesisService(config, dataDir, Clock.systemUTC(), new SplittableRandom(42));
    server = LocalServer.builder().port(0).build().register(service).start();
    client = KinesisClients.local(server.endpoint(), 32);
  }

  URI endpoint() {
    return server.endpoint();
  }

  void createStream(String name, int shards) {
    client.createStream(b -> b.streamName(name).shardCount(shards)).join();
    client.waiter().waitUntilStreamExists(b -> b.streamName(name)).join();
  }

  List<Shard> shards(String stream) {
    return client.listShards(b -> b.streamName(stream)).join().shards();
  }

  /** Every record of every shard, per shard in sequence order (GetRecords from TRIM_HORIZON). */
  List<List<Record>> readAll(String stream) throws InterruptedException {
    List<List<Record>> out = new ArrayList<>();
    for (Shard shard : shards(stream)) {
      List<Record> records = new ArrayList<>();
      String it =
          client
              .getShardIterator(
                  b ->
                      b.streamName(stream)
                          .shardId(shard.shardId())
                          .shardIteratorType(ShardIteratorType.TRIM_HORIZON))
              .join()
              .shardIterator();
      while (it != null) {
        String current = it;
        GetRecordsResponse r;
        try {
          r = client.getRecords(b -> b.shardIterator(current).limit(10_000)).join();
        } catch (RuntimeException e) {
          Thread.sleep(250); // read limits (5 calls/s per shard) are on too
          continue;
        }
        records.addAll(r.records());
        if (r.records().isEmpty()
            && r.millisBehindLatest() != null
            && r.millisBehindLatest() == 0) {
          break;
        }
        it = r.nextShardIterator();
      }
      out.add(records);
    }
    return out;
  }

  @Override
  public void close() {
    client.close();
    server.close();
    service.close();
  }
}
