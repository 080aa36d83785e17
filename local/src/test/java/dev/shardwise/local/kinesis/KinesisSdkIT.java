package dev.shardwise.local.kinesis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.InvalidArgumentException;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardFilterType;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;

/** Our endpoint through the real SDK v2 client, default CBOR wire format. */
class KinesisSdkIT {
  @TempDir Path dir;
  KinesisTestSupport local;
  KinesisClient kinesis;

  @BeforeEach
  void start() throws Exception {
    local = new KinesisTestSupport(KinesisConfig.defaults(), dir, Clock.systemUTC());
    kinesis = KinesisTestSupport.client(local.endpoint());
  }

  @AfterEach
  void stop() {
    kinesis.close();
    local.close();
  }

  @Test
  void createPutGet_roundTripsRecordsInOrderPerShard() {
    kinesis.createStream(b -> b.streamName("s1").shardCount(2));
    kinesis.waiter().waitUntilStreamExists(b -> b.streamName("s1"));

    List<PutRecordsRequestEntry> entries = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      entries.add(
          PutRecordsRequestEntry.builder()
              .partitionKey("device-" + (i % 7))
              .data(SdkBytes.fromUtf8String("event-" + i))
              .build());
    }
    PutRecordsResponse put = kinesis.putRecords(b -> b.streamName("s1").records(entries));

    assertThat(put.failedRecordCount()).isZero();
    List<Shard> shards = kinesis.listShards(b -> b.streamName("s1")).shards();
    assertThat(shards).hasSize(2);
    int total = 0;
    for (Shard shard : shards) {
      String it =
          kinesis
              .getShardIterator(
                  b ->
                      b.streamName("s1")
                          .shardId(shard.shardId())
                          .shardIteratorType(ShardIteratorType.TRIM_HORIZON))
              .shardIterator();
      GetRecordsResponse got = kinesis.getRecords(b -> b.shardIterator(it));
      List<Record> recs = got.records();
      total += recs.size();
      for (int i = 1; i < recs.size(); i++) {
        assertThat(new java.math.BigInteger(recs.get(i).sequenceNumber()))
            .isGreaterThan(new java.math.BigInteger(recs.get(i - 1).sequenceNumber()));
        int a = Integer.parseInt(recs.get(i - 1).data().asUtf8String().substring(6));
        int c = Integer.parseInt(recs.get(i).data().asUtf8String().substring(6));
        assertThat(c).isGreaterThan(a);
      }
      assertThat(got.millisBehindLatest()).isZero();
      assertThat(got.nextShardIterator()).isNotNull();
      if (!recs.isEmpty()) {
        assertThat(recs.get(0).approximateArrivalTimestamp()).isNotNull();
      }
    }
    assertThat(total).isEqualTo(100);
  }

  @Test
  void putRecord_routesByMd5OfPartitionKeyToTheShardOwningTheHashKey() {
    kinesis.createStream(b -> b.streamName("s2").shardCount(4));
    var r =
        kinesis.putRecord(
            b ->
                b.streamName("s2")
                    .partitionKey("abc")
                    .data(SdkBytes.fromString("x", StandardCharsets.UTF_8)));
    // MD5("abc") = 900150983cd24fb0d6963f7d28e17f72: top two bits 10 -> the third of four shards
    assertThat(r.shardId()).isEqualTo("shardId-000000000002");
    assertThat(r.sequenceNumber()).hasSize(56).startsWith("49");
  }

  @Test
  void splitShard_closesParent_getRecordsPastEndReturnsChildShardsAndNoIterator() {
    kinesis.createStream(b -> b.streamName("s3").shardCount(1));
    kinesis.putRecord(b -> b.streamName("s3").partitionKey("k").data(SdkBytes.fromUtf8String("a")));
    String it =
        kinesis
            .getShardIterator(
                b ->
                    b.streamName("s3")
                        .shardId("shardId-000000000000")
                        .shardIteratorType(ShardIteratorType.TRIM_HORIZON))
            .shardIterator();

    kinesis.splitShard(
        b ->
            b.streamName("s3")
                .shardToSplit("shardId-000000000000")
                .newStartingHashKey("170141183460469231731687303715884105728"));

    GetRecordsResponse got = kinesis.getRecords(b -> b.shardIterator(it));
    assertThat(got.records()).hasSize(1);
    assertThat(got.nextShardIterator()).isNull();
    assertThat(got.childShards()).hasSize(2);
    assertThat(got.childShards().get(0).parentShards()).containsExactly("shardId-000000000000");
    List<Shard> open =
        kinesis
            .listShards(b -> b.streamName("s3").shardFilter(f -> f.type(ShardFilterType.AT_LATEST)))
            .shards();
    assertThat(open)
        .extracting(Shard::shardId)
        .containsExactly("shardId-000000000001", "shardId-000000000002");
    Shard parent = kinesis.listShards(b -> b.streamName("s3")).shards().get(0);
    assertThat(parent.sequenceNumberRange().endingSequenceNumber()).isNotNull();
    assertThat(
            kinesis
                .describeStreamSummary(b -> b.streamName("s3"))
                .streamDescriptionSummary()
                .streamStatus())
        .isEqualTo(StreamStatus.ACTIVE);
  }

  @Test
  void forgedIterator_isInvalidArgument_unknownStream_isResourceNotFound() {
    assertThatThrownBy(() -> kinesis.getRecords(b -> b.shardIterator("AAAAforged")))
        .isInstanceOf(InvalidArgumentException.class);
    assertThatThrownBy(() -> kinesis.describeStream(b -> b.streamName("nope")))
        .isInstanceOf(ResourceNotFoundException.class)
        .hasMessageContaining("Stream nope under account 000000000000 not found.");
  }
}
