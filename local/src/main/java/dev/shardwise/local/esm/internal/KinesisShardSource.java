package dev.shardwise.local.esm.internal;

import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ExpiredIteratorException;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.GetShardIteratorRequest;
import software.amazon.awssdk.services.kinesis.model.KinesisException;
import software.amazon.awssdk.services.kinesis.model.LimitExceededException;
import software.amazon.awssdk.services.kinesis.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/**
 * A {@link ShardSource} over the SDK's {@code KinesisClient}: {@code GetShardIterator} once (and
 * again after the last record read when an iterator expires), then {@code GetRecords}. Not
 * thread-safe: one poller owns it.
 */
public final class KinesisShardSource implements ShardSource {
  private final KinesisClient kinesis;
  private final String streamArn;
  private final String shardId;
  private Position start;
  private String iterator;
  private String lastRead;
  private boolean ended;

  public KinesisShardSource(KinesisClient kinesis, String streamArn, String shardId) {
    this.kinesis = kinesis;
    this.streamArn = streamArn;
    this.shardId = shardId;
  }

  @Override
  public void start(Position position) {
    this.start = position;
    this.iterator = null;
  }

  @Override
  public Fetch fetch(int limit) throws ThrottledException {
    if (ended) {
      return new Fetch(List.of(), 0, true);
    }
    try {
      if (iterator == null) {
        iterator = newIterator();
      }
      GetRecordsResponse resp;
      try {
        resp = kinesis.getRecords(b -> b.shardIterator(iterator).limit(limit));
      } catch (ExpiredIteratorException e) {
        iterator = newIterator();
        resp = kinesis.getRecords(b -> b.shardIterator(iterator).limit(limit));
      }
      List<PolledRecord> out = new ArrayList<>(resp.records().size());
      for (Record r : resp.records()) {
        out.add(
            new PolledRecord(
                r.sequenceNumber(),
                r.partitionKey(),
                r.data().asByteArrayUnsafe(),
                r.approximateArrivalTimestamp()));
        lastRead = r.sequenceNumber();
      }
      iterator = resp.nextShardIterator();
      ended = iterator == null;
      long behind = resp.millisBehindLatest() == null ? 0 : resp.millisBehindLatest();
      return new Fetch(out, behind, ended);
    } catch (ProvisionedThroughputExceededException | LimitExceededException e) {
      throw new ThrottledException(shardId + ": " + e.getMessage(), e);
    } catch (KinesisException | SdkClientException e) {
      iterator = null;
      throw new ThrottledException(shardId + ": reading failed: " + e.getMessage(), e);
    }
  }

  private String newIterator() {
    GetShardIteratorRequest.Builder b =
        GetShardIteratorRequest.builder().streamARN(streamArn).shardId(shardId);
    Position p = lastRead != null ? new After(lastRead) : start;
    if (p instanceof After a) {
      b.shardIteratorType(ShardIteratorType.AFTER_SEQUENCE_NUMBER)
          .startingSequenceNumber(a.sequenceNumber());
    } else if (p instanceof Latest) {
      b.shardIteratorType(ShardIteratorType.LATEST);
    } else if (p instanceof AtTimestamp t) {
      b.shardIteratorType(ShardIteratorType.AT_TIMESTAMP).timestamp(t.timestamp());
    } else {
      b.shardIteratorType(ShardIteratorType.TRIM_HORIZON);
    }
    return kinesis.getShardIterator(b.build()).shardIterator();
  }
}
