package dev.shardwise.local.firehose;

import dev.shardwise.firehose.DataFormatConversion;
import dev.shardwise.firehose.DeliveryStreamDefinition;
import dev.shardwise.firehose.ExtendedS3Destination;
import dev.shardwise.firehose.PrefixTemplate;
import dev.shardwise.local.firehose.internal.BufferBudget;
import dev.shardwise.local.firehose.internal.Compression;
import dev.shardwise.local.firehose.internal.DeliveryPipeline;
import dev.shardwise.local.firehose.internal.KinesisSource;
import dev.shardwise.local.firehose.internal.ObjectNamer;
import dev.shardwise.local.firehose.internal.ParquetEncoder;
import dev.shardwise.local.firehose.internal.Partitioner;
import dev.shardwise.local.firehose.internal.RowConverter;
import dev.shardwise.local.firehose.internal.SpillLog;
import dev.shardwise.local.firehose.internal.StreamState;
import dev.shardwise.local.s3.ObjectStore;
import dev.shardwise.local.server.AwsServiceException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.random.RandomGenerator;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/** Builds the runtime parts of a delivery stream from its validated definition. */
record StreamFactory(
    FirehoseConfig config,
    Path dataDir,
    InstantSource clock,
    RandomGenerator random,
    ObjectStore store,
    TableSchemaResolver schemas,
    FirehoseMetrics metrics,
    KinesisClient kinesis,
    Deaggregator deaggregator,
    Executor deliveryExecutor,
    BufferBudget budget) {

  StreamState build(DeliveryStreamDefinition d) throws AwsServiceException {
    String name = d.deliveryStreamName();
    ExtendedS3Destination s3 = d.extendedS3DestinationConfiguration();
    if (d.kinesisSource() && kinesis == null) {
      throw unsupported(
          "KinesisStreamAsSource without a Kinesis endpoint (the runtime passes one)");
    }
    Compression compression = Compression.of(s3.compression());
    if (compression == null) {
      throw unsupported("CompressionFormat " + s3.compression() + " (UNCOMPRESSED, GZIP, Snappy)");
    }
    PrefixTemplate prefix = s3.prefix() == null ? null : PrefixTemplate.parse(s3.prefix());
    PrefixTemplate errorPrefix =
        s3.errorOutputPrefix() == null ? null : PrefixTemplate.parse(s3.errorOutputPrefix());
    Partitioner partitioner = null;
    if (s3.dynamicPartitioningEnabled()) {
      try {
        partitioner =
            new Partitioner(s3.metadataExtractionQuery().orElseThrow(), prefix.queryKeys());
      } catch (IllegalArgumentException e) {
        throw AwsServiceException.invalidArgument(e.getMessage());
      }
    }
    DeliveryPipeline.Conversion conversion =
        s3.formatConversionEnabled() ? conversion(s3.dataFormatConversionConfiguration()) : null;
    byte[] delimiter =
        conversion == null
            ? s3.appendedDelimiter().map(x -> x.getBytes(StandardCharsets.UTF_8)).orElse(null)
            : null;
    String extension =
        s3.fileExtension() != null
            ? s3.fileExtension()
            : conversion != null ? ".parquet" : compression.extension();
    ZoneId zone =
        s3.customTimeZone() == null || s3.customTimeZone().isEmpty()
            ? ZoneOffset.UTC
            : ZoneId.of(s3.customTimeZone());
    ObjectNamer namer =
        new ObjectNamer(
            name,
            1,
            prefix,
            errorPrefix,
            zone,
            extension,
            compression.extension(),
            s3.dynamicPartitioningEnabled(),
            random);
    DeliveryPipeline pipeline =
        new DeliveryPipeline(
            new DeliveryPipeline.Settings(
                name,
                s3.bucketName(),
                partitioner,
                d.maxActivePartitions(),
                conversion,
                compression,
                delimiter,
                (long) s3.sizeInMBs() << 20,
                s3.interval(),
                namer,
                store,
                metrics,
                clock,
                budget,
                deliveryExecutor));
    Path dir = dataDir.resolve(".firehose").resolve(name);
    SpillLog spill = null;
    KinesisSource source = null;
    try {
      if (d.kinesisSource()) {
        source = kinesisSource(d, pipeline, dir);
      } else {
        spill =
            SpillLog.open(
                dir,
                config.spillSegmentBytes(),
                config.fsyncSpill(),
                in -> {
                  budget.reserve(in.data().length);
                  pipeline.ingest(List.of(in));
                });
      }
    } catch (IOException e) {
      throw AwsServiceException.internalFailure("Cannot open " + dir + ": " + e.getMessage());
    }
    String arn =
        "arn:aws:firehose:"
            + config.region()
            + ":"
            + config.accountId()
            + ":deliverystream/"
            + name;
    return new StreamState(d, arn, clock.instant(), pipeline, spill, source);
  }

  private KinesisSource kinesisSource(
      DeliveryStreamDefinition d, DeliveryPipeline pipeline, Path dir) throws AwsServiceException {
    if (kinesis == null) {
      throw unsupported(
          "KinesisStreamAsSource without a Kinesis endpoint (the runtime passes one)");
    }
    String stream = d.kinesisStreamSourceConfiguration().streamName();
    KinesisSource source =
        new KinesisSource(
            d.deliveryStreamName(),
            stream,
            kinesis,
            deaggregator,
            pipeline,
            budget,
            metrics,
            clock,
            dir.resolve("checkpoints.json"),
            config.kinesisRecordsPerCall());
    try {
      source.start();
    } catch (SdkException e) {
      throw AwsServiceException.invalidArgument(
          "Cannot read the source stream " + stream + ": " + e.getMessage());
    }
    return source;
  }

  private DeliveryPipeline.Conversion conversion(DataFormatConversion c)
      throws AwsServiceException {
    var table = c.schemaConfiguration();
    TableSchema schema =
        schemas
            .resolve(table.databaseName(), table.tableName())
            .orElseThrow(
                () ->
                    AwsServiceException.invalidArgument(
                        "The Glue table "
                            + table.databaseName()
                            + "."
                            + table.tableName()
                            + " does not exist"));
    try {
      var serde = c.inputFormatConfiguration().deserializer().openXJsonSerDe();
      String compression =
          c.outputFormatConfiguration().serializer().parquetSerDe().compressionOrDefault();
      String catalogArn = "arn:aws:glue:" + config.region() + ":" + config.accountId() + ":catalog";
      return new DeliveryPipeline.Conversion(
          table,
          catalogArn,
          new RowConverter(schema, serde),
          new ParquetEncoder(schema, compression));
    } catch (IllegalArgumentException e) {
      throw unsupported(e.getMessage());
    }
  }

  /** Drops a deleted stream's buffers, spill and checkpoints. */
  void destroy(StreamState s) {
    s.pipeline().discard();
    try {
      if (s.spill() != null) {
        s.spill().destroy();
      }
      Path dir = dataDir.resolve(".firehose").resolve(s.definition().deliveryStreamName());
      Files.deleteIfExists(dir.resolve("checkpoints.json"));
      Files.deleteIfExists(dir);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  void close(StreamState s) {
    try {
      if (s.spill() != null) {
        s.spill().close();
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static AwsServiceException unsupported(String what) {
    return AwsServiceException.invalidArgument(what + " is not supported by the local Firehose");
  }
}
