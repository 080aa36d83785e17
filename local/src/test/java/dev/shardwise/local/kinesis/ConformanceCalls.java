package dev.shardwise.local.kinesis;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.KinesisException;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/** The SDK calls the conformance suite makes the same way against every endpoint. */
final class ConformanceCalls {
  static final AtomicInteger names = new AtomicInteger();

  private ConformanceCalls() {}

  static String stream(KinesisClient k, int shards) {
    String name = "conf-" + names.incrementAndGet();
    k.createStream(b -> b.streamName(name).shardCount(shards));
    k.waiter().waitUntilStreamExists(b -> b.streamName(name));
    return name;
  }

  static String iterator(KinesisClient k, String stream, String shard, ShardIteratorType type) {
    return k.getShardIterator(b -> b.streamName(stream).shardId(shard).shardIteratorType(type))
        .shardIterator();
  }

  static List<Record> readAll(KinesisClient k, String stream, String shard) {
    String it = iterator(k, stream, shard, ShardIteratorType.TRIM_HORIZON);
    List<Record> out = new ArrayList<>();
    for (int i = 0; i < 20 && it != null; i++) {
      String cur = it;
      GetRecordsResponse r = k.getRecords(b -> b.shardIterator(cur));
      out.addAll(r.records());
      if (r.records().isEmpty()) {
        break;
      }
      it = r.nextShardIterator();
    }
    return out;
  }

  static PutRecordsRequestEntry entry(String key, String data) {
    return PutRecordsRequestEntry.builder()
        .partitionKey(key)
        .data(SdkBytes.fromUtf8String(data))
        .build();
  }

  static BigInteger md5(byte[] bytes) throws java.security.NoSuchAlgorithmException {
    return new BigInteger(1, java.security.MessageDigest.getInstance("MD5").digest(bytes));
  }

  static String first(KinesisClient k, String it) {
    return k.getRecords(b -> b.shardIterator(it)).records().get(0).data().asUtf8String();
  }

  static String errorCode(Runnable call) {
    try {
      call.run();
      return "no error";
    } catch (KinesisException e) {
      return e.awsErrorDetails().errorCode() + " " + e.statusCode();
    }
  }
}
