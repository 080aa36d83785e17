package dev.shardwise.local.kinesis.internal;

import dev.shardwise.local.server.AwsServiceException;

/** Kinesis's error codes and wording. */
public final class Errors {
  private final String account;

  public Errors(String account) {
    this.account = account;
  }

  public AwsServiceException streamNotFound(String stream) {
    return AwsServiceException.resourceNotFound(
        "Stream " + stream + " under account " + account + " not found.");
  }

  public AwsServiceException streamExists(String stream) {
    return AwsServiceException.resourceInUse(
        "Stream " + stream + " under account " + account + " already exists.");
  }

  public AwsServiceException notActive(String stream, String status) {
    return AwsServiceException.resourceInUse(
        "Stream "
            + stream
            + " under account "
            + account
            + " not ACTIVE, instead in state "
            + status);
  }

  public AwsServiceException shardNotFound(String shardId, String stream) {
    return AwsServiceException.resourceNotFound(
        "Shard "
            + shardId
            + " in stream "
            + stream
            + " under account "
            + account
            + " does not exist");
  }

  public AwsServiceException throughput(String shardId, String stream) {
    return new AwsServiceException(
        "ProvisionedThroughputExceededException", 400, throughputMessage(shardId, stream));
  }

  public String throughputMessage(String shardId, String stream) {
    return "Rate exceeded for shard "
        + shardId
        + " in stream "
        + stream
        + " under account "
        + account
        + ".";
  }

  public static AwsServiceException expiredIterator(long issued, long now) {
    return new AwsServiceException(
        "ExpiredIteratorException",
        400,
        "Iterator expired. The iterator was created at time "
            + java.time.Instant.ofEpochMilli(issued)
            + " while right now it is "
            + java.time.Instant.ofEpochMilli(now)
            + " which is further in the future than the tolerated delay of 300000 milliseconds.");
  }

  public static AwsServiceException expiredNextToken() {
    return new AwsServiceException(
        "ExpiredNextTokenException", 400, "The pagination token passed has expired.");
  }
}
