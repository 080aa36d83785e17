-- Anomalies the detectors raise: one row per detection, with what was observed, what was expected,
-- the score and the threshold. Retried emissions repeat a row_id. Analysts query anomalies_unique.
CREATE EXTERNAL TABLE IF NOT EXISTS anomalies (
  `row_id` string COMMENT 'hash of the detection key',
  `shard_id` string,
  `detected_at` timestamp COMMENT 'end of the window that raised it (deterministic)',
  `window_start` timestamp,
  `window_end` timestamp,
  `kind` string COMMENT 'detector kind, e.g. spike, drop, metric_out_of_band',
  `key_type` string COMMENT 'device, page or shard',
  `key` string COMMENT 'the device id, page or shard id',
  `metric` string,
  `observed` double,
  `expected` double,
  `band_low` double,
  `band_high` double,
  `score` double,
  `threshold` double,
  `severity` string COMMENT 'info, warning or critical'
)
PARTITIONED BY (
  `dt` string COMMENT 'UTC date of detected_at, yyyy-MM-dd'
)
STORED AS PARQUET
LOCATION 's3://{{archive_bucket}}/anomalies/'
TBLPROPERTIES (
  'parquet.compression'='SNAPPY',
  'projection.enabled'='true',
  'projection.dt.type'='date',
  'projection.dt.format'='yyyy-MM-dd',
  'projection.dt.range'='2024-01-01,NOW+1DAYS',
  'projection.dt.interval'='1',
  'projection.dt.interval.unit'='DAYS',
  'storage.location.template'='s3://{{archive_bucket}}/anomalies/dt=${dt}/'
)
