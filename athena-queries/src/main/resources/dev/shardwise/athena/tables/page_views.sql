-- Page-view aggregates the consumer emits: one row per (shard, processing window, window segment,
-- event minute, page). Retried emissions repeat a row with the same row_id and values; late events
-- add rows for a minute already emitted (late = true). Analysts query the view page_views_minutely.
CREATE EXTERNAL TABLE IF NOT EXISTS page_views (
  `row_id` string COMMENT 'hash of (shard_id, window_start, segment, minute, page)',
  `shard_id` string,
  `window_start` timestamp COMMENT 'Lambda tumbling window start (arrival time)',
  `window_end` timestamp COMMENT 'Lambda tumbling window end (arrival time)',
  `segment` string COMMENT 'sequence number of the first record of the window segment',
  `minute` timestamp COMMENT 'event-time minute, UTC',
  `page` string,
  `views` bigint COMMENT 'valid, deduplicated page_view events',
  `unique_devices` bigint COMMENT 'distinct devices among the views of this row (not summable)',
  `load_ms_sum` bigint,
  `load_ms_count` bigint,
  `load_ms_max` int COMMENT 'null when load_ms_count = 0',
  `late` boolean COMMENT 'the minute ended before the window started'
)
PARTITIONED BY (
  `dt` string COMMENT 'UTC date of minute, yyyy-MM-dd'
)
STORED AS PARQUET
LOCATION 's3://{{archive_bucket}}/page_views/'
TBLPROPERTIES (
  'parquet.compression'='SNAPPY',
  'projection.enabled'='true',
  'projection.dt.type'='date',
  'projection.dt.format'='yyyy-MM-dd',
  'projection.dt.range'='2024-01-01,NOW+1DAYS',
  'projection.dt.interval'='1',
  'projection.dt.interval.unit'='DAYS',
  'storage.location.template'='s3://{{archive_bucket}}/page_views/dt=${dt}/'
)
