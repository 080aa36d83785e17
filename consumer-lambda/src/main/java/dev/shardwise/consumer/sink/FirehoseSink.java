package dev.shardwise.consumer.sink;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.firehose.FirehoseClient;
import software.amazon.awssdk.services.firehose.model.PutRecordBatchRequest;
import software.amazon.awssdk.services.firehose.model.PutRecordBatchResponse;
import software.amazon.awssdk.services.firehose.model.PutRecordBatchResponseEntry;
import software.amazon.awssdk.services.firehose.model.Record;

/**
 * {@link RowSink} on Firehose {@code PutRecordBatch}: at most {@value #MAX_BATCH_RECORDS} records
 * and 4 MiB per call, records up to 1,000 KiB; resends only the entries that failed (per-record
 * {@code ErrorCode}) or whose call failed retryably (throttling {@code
 * ServiceUnavailableException}, 5xx, I/O), with {@link RetryPolicy} backoff, within its total time.
 * A failure no retry can fix (unknown stream, access denied, invalid argument) ends at once.
 *
 * <p>The client should have the SDK's own retries off: this class owns the retry budget.
 * Thread-safe.
 */
public final class FirehoseSink implements RowSink {
  public static final int MAX_BATCH_RECORDS = 500;
  public static final long MAX_BATCH_BYTES = 4L << 20;
  public static final int MAX_RECORD_BYTES = 1000 * 1024;

  private final FirehoseClient client;
  private final RetryPolicy policy;
  private final RandomGenerator random;
  private final Sleeper sleeper;
  private final LongSupplier nanoTime;

  /**
   * @param client the Firehose client (SDK retries off)
   * @param policy backoff and time limit
   * @param random jitter source
   * @param sleeper waits between rounds
   * @param nanoTime a monotonic clock in nanoseconds ({@code System::nanoTime})
   */
  public FirehoseSink(
      FirehoseClient client,
      RetryPolicy policy,
      RandomGenerator random,
      Sleeper sleeper,
      LongSupplier nanoTime) {
    this.client = Objects.requireNonNull(client, "client");
    this.policy = Objects.requireNonNull(policy, "policy");
    this.random = Objects.requireNonNull(random, "random");
    this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
  }

  /** What one round left undelivered. */
  private static final class Round {
    final List<Integer> failed = new ArrayList<>();
    String lastError = "";
    Throwable lastCause;
    boolean fatal;
  }

  @Override
  public int put(String stream, List<byte[]> records) {
    Objects.requireNonNull(stream, "stream");
    List<Integer> pending = new ArrayList<>(records.size());
    for (int i = 0; i < records.size(); i++) {
      int len = records.get(i).length;
      if (len == 0 || len > MAX_RECORD_BYTES) {
        throw new IllegalArgumentException(
            "record "
                + i
                + " for "
                + stream
                + " has "
                + len
                + " bytes (1.."
                + MAX_RECORD_BYTES
                + ")");
      }
      pending.add(i);
    }
    long start = nanoTime.getAsLong();
    int retries = 0;
    while (true) {
      Round round = send(stream, records, pending);
      if (round.failed.isEmpty()) {
        return retries;
      }
      if (round.fatal) {
        throw failure(stream, round, retries);
      }
      Duration delay;
      synchronized (random) {
        delay = policy.delayBefore(retries + 1, random);
      }
      long elapsed = nanoTime.getAsLong() - start;
      if (elapsed + delay.toNanos() > policy.maxTotal().toNanos()) {
        throw failure(stream, round, retries);
      }
      try {
        sleeper.sleep(delay);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        round.lastError = "interrupted while backing off";
        round.lastCause = e;
        throw failure(stream, round, retries);
      }
      retries++;
      pending = round.failed;
    }
  }

  private static EmitFailedException failure(String stream, Round round, int retries) {
    return new EmitFailedException(
        stream,
        round.failed.get(0),
        round.failed.size(),
        retries,
        round.lastError,
        round.lastCause);
  }

  private Round send(String stream, List<byte[]> records, List<Integer> pending) {
    Round round = new Round();
    int from = 0;
    while (from < pending.size()) {
      int to = from;
      long bytes = 0;
      while (to < pending.size()
          && to - from < MAX_BATCH_RECORDS
          && bytes + records.get(pending.get(to)).length <= MAX_BATCH_BYTES) {
        bytes += records.get(pending.get(to)).length;
        to++;
      }
      List<Integer> chunk = pending.subList(from, to);
      if (round.fatal) {
        round.failed.addAll(chunk);
      } else {
        sendChunk(stream, records, chunk, round);
      }
      from = to;
    }
    round.failed.sort(null);
    return round;
  }

  private void sendChunk(String stream, List<byte[]> records, List<Integer> chunk, Round round) {
    List<Record> batch = new ArrayList<>(chunk.size());
    for (int index : chunk) {
      batch.add(Record.builder().data(SdkBytes.fromByteArrayUnsafe(records.get(index))).build());
    }
    PutRecordBatchResponse response;
    try {
      response =
          client.putRecordBatch(
              PutRecordBatchRequest.builder().deliveryStreamName(stream).records(batch).build());
    } catch (SdkException e) {
      round.failed.addAll(chunk);
      round.lastError = describe(e);
      round.lastCause = e;
      round.fatal = !isRetryable(e);
      return;
    }
    List<PutRecordBatchResponseEntry> entries = response.requestResponses();
    if (entries.size() != chunk.size()) {
      round.failed.addAll(chunk);
      round.lastError =
          "response has " + entries.size() + " entries for " + chunk.size() + " records";
      return;
    }
    for (int i = 0; i < entries.size(); i++) {
      PutRecordBatchResponseEntry entry = entries.get(i);
      if (entry.errorCode() != null) {
        round.failed.add(chunk.get(i));
        round.lastError = entry.errorCode() + ": " + entry.errorMessage();
      }
    }
  }

  private static String describe(SdkException e) {
    if (e instanceof AwsServiceException ase && ase.awsErrorDetails() != null) {
      return ase.awsErrorDetails().errorCode()
          + " (HTTP "
          + ase.statusCode()
          + "): "
          + ase.awsErrorDetails().errorMessage();
    }
    return e.getClass().getSimpleName() + ": " + e.getMessage();
  }

  /** Throttling, server errors and I/O are worth retrying; client errors are not. */
  static boolean isRetryable(SdkException e) {
    if (e instanceof SdkClientException) {
      return true;
    }
    if (e instanceof AwsServiceException ase) {
      String code = ase.awsErrorDetails() == null ? "" : ase.awsErrorDetails().errorCode();
      return ase.statusCode() >= 500
          || ase.statusCode() == 429
          || "ServiceUnavailableException".equals(code)
          || "ThrottlingException".equals(code)
          || ase.isThrottlingException();
    }
    return false;
  }
}
