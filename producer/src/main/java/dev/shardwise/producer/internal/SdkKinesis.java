package dev.shardwise.producer.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.model.ListShardsRequest;
import software.amazon.awssdk.services.kinesis.model.ListShardsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequest;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;
import software.amazon.awssdk.services.kinesis.model.Shard;

/** The thin adapter between the engine's types and the SDK's: requests, answers, errors. */
public final class SdkKinesis {
  private SdkKinesis() {}

  /** The PutRecords request for a batch. */
  public static PutRecordsRequest request(String streamName, Batch batch) {
    List<PutRecordsRequestEntry> entries = new ArrayList<>(batch.entries().size());
    for (Entry e : batch.entries()) {
      entries.add(
          PutRecordsRequestEntry.builder()
              .partitionKey(e.partitionKey)
              .explicitHashKey(e.explicitHashKey)
              .data(SdkBytes.fromByteArrayUnsafe(e.data))
              .build());
    }
    return PutRecordsRequest.builder().streamName(streamName).records(entries).build();
  }

  /** One outcome per result entry, in order. */
  public static List<EntryOutcome> outcomes(PutRecordsResponse response) {
    List<EntryOutcome> out = new ArrayList<>(response.records().size());
    for (PutRecordsResultEntry r : response.records()) {
      out.add(
          r.errorCode() != null
              ? EntryOutcome.failure(r.errorCode(), r.errorMessage())
              : EntryOutcome.success(r.shardId(), r.sequenceNumber()));
    }
    return out;
  }

  /** A failed call's error: its kind, code and message. */
  public record CallError(ErrorKind kind, String code, String message) {}

  public static CallError classify(Throwable t) {
    Throwable e = unwrap(t);
    if (e instanceof AwsServiceException ase) {
      String code = ase.awsErrorDetails() == null ? null : ase.awsErrorDetails().errorCode();
      String message =
          ase.awsErrorDetails() == null ? ase.getMessage() : ase.awsErrorDetails().errorMessage();
      return new CallError(
          ase.isThrottlingException() ? ErrorKind.THROTTLE : ErrorKind.of(code, ase.statusCode()),
          code == null ? "HTTP " + ase.statusCode() : code,
          message);
    }
    if (e instanceof TimeoutException) {
      return new CallError(ErrorKind.TRANSIENT, "RequestTimeout", "no answer in time");
    }
    if (e instanceof SdkClientException) {
      return new CallError(ErrorKind.TRANSIENT, e.getClass().getSimpleName(), e.getMessage());
    }
    return new CallError(ErrorKind.PERMANENT, e.getClass().getSimpleName(), e.getMessage());
  }

  static Throwable unwrap(Throwable t) {
    Throwable e = t;
    while ((e instanceof CompletionException || e instanceof ExecutionException)
        && e.getCause() != null) {
      e = e.getCause();
    }
    return e;
  }

  /**
   * The open shards of the stream, all pages of ListShards, and the ranges of its closed shards
   * ({@link ShardMap#withClosed}).
   */
  public static CompletableFuture<ShardMap> listOpenShards(
      KinesisAsyncClient client, String streamName) {
    List<ShardMap.Shard> open = new ArrayList<>();
    List<ShardMap.Shard> closed = new ArrayList<>();
    return page(client, ListShardsRequest.builder().streamName(streamName).build(), open, closed)
        .thenApply(v -> ShardMap.of(open).withClosed(closed));
  }

  private static CompletableFuture<Void> page(
      KinesisAsyncClient client,
      ListShardsRequest request,
      List<ShardMap.Shard> open,
      List<ShardMap.Shard> closed) {
    return client
        .listShards(request)
        .thenCompose(
            (ListShardsResponse r) -> {
              for (Shard s : r.shards()) {
                ShardMap.Shard shard =
                    new ShardMap.Shard(
                        s.shardId(),
                        new java.math.BigInteger(s.hashKeyRange().startingHashKey()),
                        new java.math.BigInteger(s.hashKeyRange().endingHashKey()));
                if (s.sequenceNumberRange() == null
                    || s.sequenceNumberRange().endingSequenceNumber() == null) {
                  open.add(shard);
                } else {
                  closed.add(shard);
                }
              }
              if (r.nextToken() == null) {
                return CompletableFuture.completedFuture(null);
              }
              return page(
                  client,
                  ListShardsRequest.builder().nextToken(r.nextToken()).build(),
                  open,
                  closed);
            });
  }
}
