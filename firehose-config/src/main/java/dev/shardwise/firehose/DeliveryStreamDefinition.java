package dev.shardwise.firehose;

import java.util.List;
import java.util.Optional;

/**
 * One delivery stream, in the shape of Firehose's {@code CreateDeliveryStream} request (the JSON
 * member names are the API's). Only the members shardwise uses are modelled; a definition naming
 * any other member is refused when loaded, so a typo never goes unnoticed.
 *
 * <p>Instances come from {@link DeliveryStreamDefinitions}, which validates them; the derived
 * accessors below assume a valid definition.
 */
public record DeliveryStreamDefinition(
    String deliveryStreamName,
    String deliveryStreamType,
    KinesisStreamSourceConfiguration kinesisStreamSourceConfiguration,
    ExtendedS3Destination extendedS3DestinationConfiguration,
    List<Tag> tags) {

  /** {@code DirectPut}: producers call {@code PutRecord}/{@code PutRecordBatch}. */
  public static final String DIRECT_PUT = "DirectPut";

  /** {@code KinesisStreamAsSource}: Firehose reads a Kinesis data stream. */
  public static final String KINESIS_STREAM_AS_SOURCE = "KinesisStreamAsSource";

  /**
   * Tag holding the active-partition limit of a dynamically partitioned stream (1-500, default 500,
   * AWS's default quota). Records of partitions beyond it go to the error prefix.
   */
  public static final String MAX_ACTIVE_PARTITIONS_TAG = "shardwise:max-active-partitions";

  public static final int DEFAULT_MAX_ACTIVE_PARTITIONS = 500;

  public DeliveryStreamDefinition {
    tags = tags == null ? null : List.copyOf(tags);
  }

  /** True when the stream reads a Kinesis data stream. */
  public boolean kinesisSource() {
    return KINESIS_STREAM_AS_SOURCE.equals(deliveryStreamType);
  }

  /** The value of a tag, if present. */
  public Optional<String> tag(String key) {
    if (tags == null) {
      return Optional.empty();
    }
    return tags.stream().filter(t -> key.equals(t.key())).map(Tag::value).findFirst();
  }

  /** The active-partition limit ({@link #MAX_ACTIVE_PARTITIONS_TAG}, default 500). */
  public int maxActivePartitions() {
    return tag(MAX_ACTIVE_PARTITIONS_TAG)
        .map(Integer::parseInt)
        .orElse(DEFAULT_MAX_ACTIVE_PARTITIONS);
  }

  /** {@code KinesisStreamSourceConfiguration}. */
  public record KinesisStreamSourceConfiguration(String kinesisStreamARN, String roleARN) {

    /** The stream name: the part of the ARN after {@code :stream/}. */
    public String streamName() {
      int i = kinesisStreamARN.indexOf(":stream/");
      return i < 0 ? kinesisStreamARN : kinesisStreamARN.substring(i + ":stream/".length());
    }
  }

  /** A tag, {@code {"Key": ..., "Value": ...}}. */
  public record Tag(String key, String value) {}
}
