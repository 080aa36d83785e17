package dev.shardwise.athena;

/** How a table's files are stored. */
public enum TableFormat {
  /** {@code STORED AS PARQUET} (or the Parquet SerDe). */
  PARQUET,
  /** JSON lines read with the OpenX or Hive JSON SerDe. */
  JSON,
  /** Anything else (CSV, ORC, Avro, ...): valid in Athena, not read by the local Athena. */
  OTHER
}
