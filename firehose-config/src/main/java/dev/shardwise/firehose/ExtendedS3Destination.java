package dev.shardwise.firehose;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * {@code ExtendedS3DestinationConfiguration}: where and how a delivery stream writes to S3. Absent
 * members take Firehose's defaults through the derived accessors ({@link #sizeInMBs()}, {@link
 * #interval()}, {@link #compression()}).
 */
public record ExtendedS3Destination(
    String roleARN,
    String bucketARN,
    String prefix,
    String errorOutputPrefix,
    BufferingHints bufferingHints,
    String compressionFormat,
    EncryptionConfiguration encryptionConfiguration,
    CloudWatchLoggingOptions cloudWatchLoggingOptions,
    ProcessingConfiguration processingConfiguration,
    DataFormatConversion dataFormatConversionConfiguration,
    DynamicPartitioningConfiguration dynamicPartitioningConfiguration,
    String fileExtension,
    String customTimeZone) {

  /** The processor that extracts partition keys with JQ. */
  public static final String METADATA_EXTRACTION = "MetadataExtraction";

  /** The processor that appends a delimiter (a newline unless configured) to every record. */
  public static final String APPEND_DELIMITER_TO_RECORD = "AppendDelimiterToRecord";

  /** The bucket name: the part of the ARN after {@code arn:aws:s3:::}. */
  public String bucketName() {
    int i = bucketARN.lastIndexOf(":::");
    return i < 0 ? bucketARN : bucketARN.substring(i + 3);
  }

  /** Buffer size in MiB: the hint, or Firehose's default (128 with format conversion, else 5). */
  public int sizeInMBs() {
    if (bufferingHints != null && bufferingHints.sizeInMBs() != null) {
      return bufferingHints.sizeInMBs();
    }
    return formatConversionEnabled() ? 128 : 5;
  }

  /** Buffer interval: the hint, or Firehose's default of 300 s. */
  public Duration interval() {
    if (bufferingHints != null && bufferingHints.intervalInSeconds() != null) {
      return Duration.ofSeconds(bufferingHints.intervalInSeconds());
    }
    return Duration.ofSeconds(300);
  }

  /** {@code CompressionFormat}, {@code UNCOMPRESSED} when absent. */
  public String compression() {
    return compressionFormat == null ? "UNCOMPRESSED" : compressionFormat;
  }

  public boolean dynamicPartitioningEnabled() {
    return dynamicPartitioningConfiguration != null
        && Boolean.TRUE.equals(dynamicPartitioningConfiguration.enabled());
  }

  /** True when records are converted (format conversion present and not disabled). */
  public boolean formatConversionEnabled() {
    return dataFormatConversionConfiguration != null
        && !Boolean.FALSE.equals(dataFormatConversionConfiguration.enabled());
  }

  /** The enabled processors, in order; empty when processing is off. */
  public List<Processor> processors() {
    if (processingConfiguration == null
        || Boolean.FALSE.equals(processingConfiguration.enabled())
        || processingConfiguration.processors() == null) {
      return List.of();
    }
    return processingConfiguration.processors();
  }

  /** The {@code MetadataExtractionQuery} of the {@code MetadataExtraction} processor, if any. */
  public Optional<String> metadataExtractionQuery() {
    return processor(METADATA_EXTRACTION).flatMap(p -> p.parameter("MetadataExtractionQuery"));
  }

  /** The delimiter appended to every record, if {@code AppendDelimiterToRecord} is configured. */
  public Optional<String> appendedDelimiter() {
    return processor(APPEND_DELIMITER_TO_RECORD)
        .map(p -> p.parameter("Delimiter").map(Processor::decodeDelimiter).orElse("\n"));
  }

  private Optional<Processor> processor(String type) {
    return processors().stream().filter(p -> type.equals(p.type())).findFirst();
  }

  /** {@code BufferingHints}: size in MiB (1-128) and interval in seconds (0-900). */
  public record BufferingHints(Integer sizeInMBs, Integer intervalInSeconds) {}

  /** {@code EncryptionConfiguration}: {@code NoEncryptionConfig} or a KMS key. */
  public record EncryptionConfiguration(
      String noEncryptionConfig,
      @JsonProperty("KMSEncryptionConfig") KmsEncryptionConfig kmsEncryptionConfig) {}

  /** {@code KMSEncryptionConfig}. */
  public record KmsEncryptionConfig(@JsonProperty("AWSKMSKeyARN") String awsKmsKeyArn) {}

  /** {@code CloudWatchLoggingOptions}. */
  public record CloudWatchLoggingOptions(
      Boolean enabled, String logGroupName, String logStreamName) {}

  /** {@code ProcessingConfiguration}. */
  public record ProcessingConfiguration(Boolean enabled, List<Processor> processors) {
    public ProcessingConfiguration {
      processors = processors == null ? null : List.copyOf(processors);
    }
  }

  /** {@code Processor}: a type and its parameters. */
  public record Processor(String type, List<ProcessorParameter> parameters) {
    public Processor {
      parameters = parameters == null ? null : List.copyOf(parameters);
    }

    public Optional<String> parameter(String name) {
      if (parameters == null) {
        return Optional.empty();
      }
      return parameters.stream()
          .filter(p -> name.equals(p.parameterName()))
          .map(ProcessorParameter::parameterValue)
          .findFirst();
    }

    /** Firehose takes the {@code Delimiter} parameter base64-encoded. */
    static String decodeDelimiter(String base64) {
      return new String(
          java.util.Base64.getDecoder().decode(base64), java.nio.charset.StandardCharsets.UTF_8);
    }
  }

  /** {@code ProcessorParameter}. */
  public record ProcessorParameter(String parameterName, String parameterValue) {}

  /** {@code DynamicPartitioningConfiguration}. */
  public record DynamicPartitioningConfiguration(Boolean enabled, RetryOptions retryOptions) {}

  /** {@code RetryOptions}: how long Firehose retries a failed S3 delivery (0-7200 s). */
  public record RetryOptions(Integer durationInSeconds) {}
}
