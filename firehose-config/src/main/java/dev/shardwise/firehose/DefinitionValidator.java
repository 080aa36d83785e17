package dev.shardwise.firehose;

import dev.shardwise.firehose.DataFormatConversion.Deserializer;
import dev.shardwise.firehose.DataFormatConversion.Serializer;
import dev.shardwise.firehose.ExtendedS3Destination.Processor;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Set;
import java.util.regex.Pattern;

/** Checks a definition against Firehose's rules; the first broken rule is thrown. */
final class DefinitionValidator {
  private static final String DEST = "ExtendedS3DestinationConfiguration";
  private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9_.-]{1,64}");
  private static final Pattern BUCKET_ARN = Pattern.compile("arn:[a-z-]+:s3:::[a-z0-9.-]{3,63}");
  private static final Pattern ARN = Pattern.compile("arn:[a-z-]+:[a-z0-9-]+:.*");
  private static final Pattern FILE_EXTENSION = Pattern.compile("|\\.[0-9a-z!\\-_.*'()]+");
  private static final Set<String> COMPRESSIONS =
      Set.of("UNCOMPRESSED", "GZIP", "ZIP", "Snappy", "HADOOP_SNAPPY");
  private static final Set<String> PARQUET_COMPRESSIONS = Set.of("UNCOMPRESSED", "GZIP", "SNAPPY");
  private static final int MAX_PREFIX_LENGTH = 1024;

  private final String source;

  private DefinitionValidator(String source) {
    this.source = source;
  }

  static void validate(String source, DeliveryStreamDefinition d) {
    new DefinitionValidator(source).check(d);
  }

  private InvalidDefinitionException fail(String field, String problem) {
    return new InvalidDefinitionException(source, field, problem);
  }

  private void check(DeliveryStreamDefinition d) {
    String name = d.deliveryStreamName();
    if (name == null || !NAME.matcher(name).matches()) {
      throw fail("DeliveryStreamName", "must be 1-64 of [a-zA-Z0-9_.-], was " + quote(name));
    }
    String type =
        d.deliveryStreamType() == null
            ? DeliveryStreamDefinition.DIRECT_PUT
            : d.deliveryStreamType();
    switch (type) {
      case DeliveryStreamDefinition.DIRECT_PUT -> {
        if (d.kinesisStreamSourceConfiguration() != null) {
          throw fail(
              "KinesisStreamSourceConfiguration", "is allowed only with KinesisStreamAsSource");
        }
      }
      case DeliveryStreamDefinition.KINESIS_STREAM_AS_SOURCE -> {
        var k = d.kinesisStreamSourceConfiguration();
        if (k == null) {
          throw fail("KinesisStreamSourceConfiguration", "is required with KinesisStreamAsSource");
        }
        arn("KinesisStreamSourceConfiguration.KinesisStreamARN", k.kinesisStreamARN());
        arn("KinesisStreamSourceConfiguration.RoleARN", k.roleARN());
        if (!k.kinesisStreamARN().contains("${") && !k.kinesisStreamARN().contains(":stream/")) {
          throw fail("KinesisStreamSourceConfiguration.KinesisStreamARN", "is not a stream ARN");
        }
      }
      default ->
          throw fail(
              "DeliveryStreamType",
              "must be DirectPut or KinesisStreamAsSource, was " + quote(type));
    }
    tags(d);
    if (d.extendedS3DestinationConfiguration() == null) {
      throw fail(DEST, "is required (shardwise delivers to S3 only)");
    }
    destination(d.extendedS3DestinationConfiguration());
  }

  private void tags(DeliveryStreamDefinition d) {
    if (d.tags() == null) {
      return;
    }
    for (var t : d.tags()) {
      if (t == null || t.key() == null || t.key().isEmpty() || t.key().length() > 128) {
        throw fail("Tags", "every tag needs a Key of 1-128 characters");
      }
    }
    var limit = d.tag(DeliveryStreamDefinition.MAX_ACTIVE_PARTITIONS_TAG);
    if (limit.isPresent()) {
      int n;
      try {
        n = Integer.parseInt(limit.get());
      } catch (NumberFormatException e) {
        n = -1;
      }
      if (n < 1 || n > DeliveryStreamDefinition.DEFAULT_MAX_ACTIVE_PARTITIONS) {
        throw fail(
            "Tags." + DeliveryStreamDefinition.MAX_ACTIVE_PARTITIONS_TAG,
            "must be an integer 1-500 (Firehose's default quota of active partitions), was "
                + quote(limit.get()));
      }
    }
  }

  private void destination(ExtendedS3Destination s3) {
    String bucket = s3.bucketARN();
    boolean opaque = bucket != null && bucket.contains("${");
    if (!opaque && (bucket == null || !BUCKET_ARN.matcher(bucket).matches())) {
      throw fail(DEST + ".BucketARN", "must be arn:aws:s3:::<bucket>, was " + quote(bucket));
    }
    arn(DEST + ".RoleARN", s3.roleARN());
    buffering(s3);
    String compression = s3.compression();
    if (!COMPRESSIONS.contains(compression)) {
      throw fail(
          DEST + ".CompressionFormat",
          "must be one of " + COMPRESSIONS + ", was " + quote(compression));
    }
    if (s3.fileExtension() != null
        && (s3.fileExtension().length() > 128
            || !FILE_EXTENSION.matcher(s3.fileExtension()).matches())) {
      throw fail(
          DEST + ".FileExtension",
          "must start with '.' and use [0-9a-z!-_.*'()], was " + quote(s3.fileExtension()));
    }
    if (s3.customTimeZone() != null && !s3.customTimeZone().isEmpty()) {
      try {
        ZoneId.of(s3.customTimeZone());
      } catch (DateTimeException e) {
        throw fail(DEST + ".CustomTimeZone", "is not a time zone: " + quote(s3.customTimeZone()));
      }
    }
    logging(s3);
    processors(s3);
    prefixes(s3);
    if (s3.formatConversionEnabled()) {
      conversion(s3);
    }
    var dp = s3.dynamicPartitioningConfiguration();
    if (dp != null && dp.retryOptions() != null) {
      Integer seconds = dp.retryOptions().durationInSeconds();
      if (seconds == null || seconds < 0 || seconds > 7200) {
        throw fail(
            DEST + ".DynamicPartitioningConfiguration.RetryOptions.DurationInSeconds",
            "must be 0-7200, was " + seconds);
      }
    }
  }

  private void buffering(ExtendedS3Destination s3) {
    var hints = s3.bufferingHints();
    String field = DEST + ".BufferingHints";
    if (hints != null) {
      if ((hints.sizeInMBs() == null) != (hints.intervalInSeconds() == null)) {
        throw fail(field, "SizeInMBs and IntervalInSeconds are given together or not at all");
      }
      if (hints.sizeInMBs() != null && (hints.sizeInMBs() < 1 || hints.sizeInMBs() > 128)) {
        throw fail(field + ".SizeInMBs", "must be 1-128, was " + hints.sizeInMBs());
      }
      if (hints.intervalInSeconds() != null
          && (hints.intervalInSeconds() < 0 || hints.intervalInSeconds() > 900)) {
        throw fail(field + ".IntervalInSeconds", "must be 0-900, was " + hints.intervalInSeconds());
      }
    }
    if (s3.dynamicPartitioningEnabled() && s3.sizeInMBs() < 64) {
      throw fail(
          field + ".SizeInMBs",
          "must be at least 64 when dynamic partitioning is enabled, was " + s3.sizeInMBs());
    }
    if (s3.dynamicPartitioningEnabled() && s3.interval().getSeconds() < 60) {
      throw fail(
          field + ".IntervalInSeconds",
          "must be at least 60 when dynamic partitioning is enabled (zero buffering is not available for it), was "
              + s3.interval().getSeconds());
    }
    if (s3.formatConversionEnabled() && s3.sizeInMBs() < 64) {
      throw fail(
          field + ".SizeInMBs",
          "must be at least 64 when data format conversion is enabled, was " + s3.sizeInMBs());
    }
  }

  private void logging(ExtendedS3Destination s3) {
    var log = s3.cloudWatchLoggingOptions();
    if (log != null && Boolean.TRUE.equals(log.enabled())) {
      if (blank(log.logGroupName()) || blank(log.logStreamName())) {
        throw fail(
            DEST + ".CloudWatchLoggingOptions",
            "LogGroupName and LogStreamName are required when Enabled");
      }
    }
  }

  private void processors(ExtendedS3Destination s3) {
    String field = DEST + ".ProcessingConfiguration.Processors";
    boolean extraction = false;
    for (Processor p : s3.processors()) {
      if (p == null || p.type() == null) {
        throw fail(field, "every processor needs a Type");
      }
      switch (p.type()) {
        case ExtendedS3Destination.METADATA_EXTRACTION -> {
          extraction = true;
          String engine = p.parameter("JsonParsingEngine").orElse(null);
          if (!"JQ-1.6".equals(engine)) {
            throw fail(
                field + "[MetadataExtraction].JsonParsingEngine",
                "must be JQ-1.6, was " + quote(engine));
          }
          String query = p.parameter("MetadataExtractionQuery").orElse(null);
          if (blank(query) || query.length() > 4096) {
            throw fail(
                field + "[MetadataExtraction].MetadataExtractionQuery",
                "is required (1-4096 characters)");
          }
          try {
            JqOutputKeys.of(query);
          } catch (IllegalArgumentException e) {
            throw fail(field + "[MetadataExtraction].MetadataExtractionQuery", e.getMessage());
          }
        }
        case ExtendedS3Destination.APPEND_DELIMITER_TO_RECORD -> {
          var delimiter = p.parameter("Delimiter");
          if (delimiter.isPresent()) {
            try {
              Processor.decodeDelimiter(delimiter.get());
            } catch (IllegalArgumentException e) {
              throw fail(
                  field + "[AppendDelimiterToRecord].Delimiter",
                  "must be base64, was " + quote(delimiter.get()));
            }
          }
        }
        default ->
            throw fail(
                field,
                "processor type "
                    + quote(p.type())
                    + " is not supported; use MetadataExtraction or AppendDelimiterToRecord");
      }
    }
    if (extraction && !s3.dynamicPartitioningEnabled()) {
      throw fail(field, "MetadataExtraction needs DynamicPartitioningConfiguration.Enabled = true");
    }
    if (s3.dynamicPartitioningEnabled() && !extraction) {
      throw fail(
          field,
          "dynamic partitioning needs a MetadataExtraction processor (JQ-1.6) that defines the partition keys");
    }
  }

  private void prefixes(ExtendedS3Destination s3) {
    PrefixTemplate prefix = template(DEST + ".Prefix", s3.prefix());
    PrefixTemplate error = template(DEST + ".ErrorOutputPrefix", s3.errorOutputPrefix());
    if (prefix != null && prefix.uses(PrefixTemplate.FIREHOSE, PrefixTemplate.ERROR_OUTPUT_TYPE)) {
      throw fail(
          DEST + ".Prefix", "!{firehose:error-output-type} is allowed only in ErrorOutputPrefix");
    }
    if (prefix != null && prefix.usesNamespace(PrefixTemplate.FROM_LAMBDA)) {
      throw fail(
          DEST + ".Prefix",
          "!{partitionKeyFromLambda:...} needs a Lambda processor, which shardwise does not use");
    }
    if (error != null
        && (error.usesNamespace(PrefixTemplate.FROM_QUERY)
            || error.usesNamespace(PrefixTemplate.FROM_LAMBDA))) {
      throw fail(
          DEST + ".ErrorOutputPrefix", "cannot use partition keys: failed records may have none");
    }
    if (error != null
        && error.hasExpressions()
        && !error.uses(PrefixTemplate.FIREHOSE, PrefixTemplate.ERROR_OUTPUT_TYPE)) {
      throw fail(
          DEST + ".ErrorOutputPrefix",
          "an ErrorOutputPrefix with expressions must contain !{firehose:error-output-type}");
    }
    if (prefix != null && prefix.hasExpressions() && error == null) {
      throw fail(DEST + ".ErrorOutputPrefix", "is required when Prefix contains expressions");
    }
    Set<String> used = prefix == null ? Set.of() : prefix.queryKeys();
    if (!s3.dynamicPartitioningEnabled()) {
      if (!used.isEmpty()) {
        throw fail(
            DEST + ".Prefix", "!{partitionKeyFromQuery:...} needs dynamic partitioning enabled");
      }
      return;
    }
    if (prefix == null || prefix.text().isEmpty()) {
      throw fail(DEST + ".Prefix", "is required with dynamic partitioning");
    }
    if (error == null) {
      throw fail(DEST + ".ErrorOutputPrefix", "is required with dynamic partitioning");
    }
    Set<String> defined = JqOutputKeys.of(s3.metadataExtractionQuery().orElseThrow());
    for (String key : used) {
      if (!defined.contains(key)) {
        throw fail(
            DEST + ".Prefix",
            "uses partition key '"
                + key
                + "' that the MetadataExtractionQuery does not define (it defines "
                + defined
                + ")");
      }
    }
    for (String key : defined) {
      if (!used.contains(key)) {
        throw fail(
            DEST + ".Prefix",
            "does not use partition key '" + key + "' defined by the MetadataExtractionQuery");
      }
    }
  }

  private PrefixTemplate template(String field, String text) {
    if (text == null) {
      return null;
    }
    if (text.length() > MAX_PREFIX_LENGTH) {
      throw fail(field, "must be at most 1024 characters, was " + text.length());
    }
    try {
      return PrefixTemplate.parse(text);
    } catch (IllegalArgumentException e) {
      throw fail(field, e.getMessage());
    }
  }

  private void conversion(ExtendedS3Destination s3) {
    String field = DEST + ".DataFormatConversionConfiguration";
    var c = s3.dataFormatConversionConfiguration();
    if (!"UNCOMPRESSED".equals(s3.compression())) {
      throw fail(
          DEST + ".CompressionFormat",
          "must be UNCOMPRESSED with data format conversion (the serializer compresses), was "
              + s3.compression());
    }
    var schema = c.schemaConfiguration();
    if (schema == null || blank(schema.databaseName()) || blank(schema.tableName())) {
      throw fail(field + ".SchemaConfiguration", "DatabaseName and TableName are required");
    }
    arn(field + ".SchemaConfiguration.RoleARN", schema.roleARN());
    Deserializer in =
        c.inputFormatConfiguration() == null ? null : c.inputFormatConfiguration().deserializer();
    if (in == null || in.openXJsonSerDe() == null || in.hiveJsonSerDe() != null) {
      throw fail(
          field + ".InputFormatConfiguration.Deserializer",
          "must be OpenXJsonSerDe (the only deserializer shardwise supports)");
    }
    Serializer out =
        c.outputFormatConfiguration() == null ? null : c.outputFormatConfiguration().serializer();
    if (out == null || out.parquetSerDe() == null || out.orcSerDe() != null) {
      throw fail(
          field + ".OutputFormatConfiguration.Serializer",
          "must be ParquetSerDe (the only serializer shardwise supports)");
    }
    String pc = out.parquetSerDe().compressionOrDefault();
    if (!PARQUET_COMPRESSIONS.contains(pc)) {
      throw fail(
          field + ".OutputFormatConfiguration.Serializer.ParquetSerDe.Compression",
          "must be one of " + PARQUET_COMPRESSIONS + ", was " + quote(pc));
    }
  }

  private void arn(String field, String value) {
    if (value != null && value.contains("${")) {
      return; // an unresolved placeholder or a CDK token: opaque
    }
    if (value == null || !ARN.matcher(value).matches()) {
      throw fail(field, "must be an ARN, was " + quote(value));
    }
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }

  private static String quote(String s) {
    return s == null ? "null" : "'" + s + "'";
  }
}
