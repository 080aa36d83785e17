package dev.shardwise.firehose;

import java.util.Map;

/**
 * {@code DataFormatConversionConfiguration}: JSON records converted to Parquet with the schema of a
 * Glue table. shardwise uses the OpenX JSON SerDe in and the Parquet SerDe out.
 */
public record DataFormatConversion(
    Boolean enabled,
    SchemaConfiguration schemaConfiguration,
    InputFormatConfiguration inputFormatConfiguration,
    OutputFormatConfiguration outputFormatConfiguration) {

  /** {@code SchemaConfiguration}: the Glue table whose columns the records are converted to. */
  public record SchemaConfiguration(
      String roleARN,
      String catalogId,
      String databaseName,
      String tableName,
      String region,
      String versionId) {}

  /** {@code InputFormatConfiguration}. */
  public record InputFormatConfiguration(Deserializer deserializer) {}

  /** {@code Deserializer}: exactly one of the two SerDes. */
  public record Deserializer(OpenXJsonSerDe openXJsonSerDe, HiveJsonSerDe hiveJsonSerDe) {}

  /**
   * {@code OpenXJsonSerDe}. Defaults as in Firehose: keys case-insensitive, dots kept, no mappings.
   */
  public record OpenXJsonSerDe(
      Boolean convertDotsInJsonKeysToUnderscores,
      Boolean caseInsensitive,
      Map<String, String> columnToJsonKeyMappings) {

    public OpenXJsonSerDe {
      columnToJsonKeyMappings =
          columnToJsonKeyMappings == null ? null : Map.copyOf(columnToJsonKeyMappings);
    }

    public boolean dotsToUnderscores() {
      return Boolean.TRUE.equals(convertDotsInJsonKeysToUnderscores);
    }

    public boolean ignoresCase() {
      return !Boolean.FALSE.equals(caseInsensitive);
    }

    public Map<String, String> mappings() {
      return columnToJsonKeyMappings == null ? Map.of() : columnToJsonKeyMappings;
    }
  }

  /** {@code HiveJsonSerDe}; modelled so that it is recognised, but shardwise does not use it. */
  public record HiveJsonSerDe(java.util.List<String> timestampFormats) {}

  /** {@code OutputFormatConfiguration}. */
  public record OutputFormatConfiguration(Serializer serializer) {}

  /** {@code Serializer}: exactly one of the two SerDes. */
  public record Serializer(ParquetSerDe parquetSerDe, OrcSerDe orcSerDe) {}

  /** {@code ParquetSerDe}. {@code Compression}: {@code SNAPPY} (default), {@code GZIP}, ... */
  public record ParquetSerDe(
      Integer blockSizeBytes,
      Integer pageSizeBytes,
      String compression,
      Boolean enableDictionaryCompression,
      Integer maxPaddingBytes,
      String writerVersion) {

    public String compressionOrDefault() {
      return compression == null ? "SNAPPY" : compression;
    }
  }

  /** {@code OrcSerDe}; recognised, not used by shardwise. */
  public record OrcSerDe(String compression) {}
}
