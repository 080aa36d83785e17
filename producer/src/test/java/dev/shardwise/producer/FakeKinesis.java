package dev.shardwise.producer;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.model.HashKeyRange;
import software.amazon.awssdk.services.kinesis.model.ListShardsRequest;
import software.amazon.awssdk.services.kinesis.model.ListShardsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequest;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;
import software.amazon.awssdk.services.kinesis.model.SequenceNumberRange;
import software.amazon.awssdk.services.kinesis.model.Shard;

/**
 * A hand-written Kinesis async client for publisher tests: one open shard, every request kept,
 * answers chosen by the test (succeed all by default, or hold until released).
 */
final class FakeKinesis implements KinesisAsyncClient {
  final List<PutRecordsRequest> requests = new CopyOnWriteArrayList<>();
  final List<ListShardsRequest> listShardsRequests = new CopyOnWriteArrayList<>();
  private final AtomicLong sequence = new AtomicLong(100);
  volatile boolean hold;

  /**
   * When above zero (and not holding), each request is answered with success on another thread
   * after a random delay of up to this many microseconds, instead of at once on the caller's.
   */
  volatile int answerDelayMicros;

  volatile Function<ListShardsRequest, CompletableFuture<ListShardsResponse>> listShards =
      r ->
          CompletableFuture.completedFuture(
              ListShardsResponse.builder()
                  .shards(
                      Shard.builder()
                          .shardId("shardId-000000000000")
                          .hashKeyRange(
                              HashKeyRange.builder()
                                  .startingHashKey("0")
                                  .endingHashKey("340282366920938463463374607431768211455")
                                  .build())
                          .sequenceNumberRange(
                              SequenceNumberRange.builder().startingSequenceNumber("0").build())
                          .build())
                  .build());

  @Override
  public CompletableFuture<ListShardsResponse> listShards(ListShardsRequest request) {
    listShardsRequests.add(request);
    return listShards.apply(request);
  }

  @Override
  public CompletableFuture<PutRecordsResponse> putRecords(PutRecordsRequest request) {
    requests.add(request);
    PutRecordsResponse ok =
        PutRecordsResponse.builder()
            .failedRecordCount(0)
            .records(
                request.records().stream()
                    .map(
                        e ->
                            PutRecordsResultEntry.builder()
                                .shardId("shardId-000000000000")
                                .sequenceNumber(String.valueOf(sequence.incrementAndGet()))
                                .build())
                    .toList())
            .build();
    int delay = answerDelayMicros;
    if (!hold && delay > 0) {
      return CompletableFuture.supplyAsync(
          () -> ok,
          CompletableFuture.delayedExecutor(
              java.util.concurrent.ThreadLocalRandom.current().nextInt(delay),
              java.util.concurrent.TimeUnit.MICROSECONDS));
    }
    if (!hold) {
      return CompletableFuture.completedFuture(ok);
    }
    CompletableFuture<PutRecordsResponse> answer = new CompletableFuture<>();
    pending.add(new Held(answer, ok));
    return answer;
  }

  private record Held(CompletableFuture<PutRecordsResponse> answer, PutRecordsResponse ok) {}

  private final LinkedBlockingQueue<Held> pending = new LinkedBlockingQueue<>();

  /** Answers the oldest held request with success; waits for one to arrive. */
  void releaseOne() throws InterruptedException {
    Held h = pending.take();
    h.answer().complete(h.ok());
  }

  /** Answers held requests with success until {@code done} holds. */
  void releaseUntil(java.util.function.BooleanSupplier done) throws InterruptedException {
    while (!done.getAsBoolean()) {
      Held h = pending.poll(10, java.util.concurrent.TimeUnit.MILLISECONDS);
      if (h != null) {
        h.answer().complete(h.ok());
      }
    }
  }

  @Override
  public String serviceName() {
    return "kinesis";
  }

  @Override
  public void close() {}
}
