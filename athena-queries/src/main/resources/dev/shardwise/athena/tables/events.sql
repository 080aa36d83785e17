-- Every event record as Firehose archived it from the stream: one row per record received, so
-- duplicate sends and events the consumer rejects are here too. Partitioned by the UTC date and hour
-- of the event time (the rule is in firehose-config). Analysts query the view events_unique.
CREATE EXTERNAL TABLE IF NOT EXISTS events (
  `schema` int COMMENT 'event schema version (1)',
  `event_id` string COMMENT 'unique per event: the deduplication key',
  `type` string COMMENT 'page_view, click or telemetry',
  `time` string COMMENT 'event time as sent (RFC 3339 with offset)',
  `device_id` string COMMENT 'the stream partition key',
  `session_id` string,
  `page` string COMMENT 'path, query string and fragment dropped',
  `referrer` string,
  `country` string COMMENT 'ISO 3166-1 alpha-2',
  `load_ms` int COMMENT 'page load time',
  `metrics` map<string,double> COMMENT 'telemetry: metric name to value'
)
PARTITIONED BY (
  `dt` string COMMENT 'UTC date of the event time, yyyy-MM-dd',
  `hour` string COMMENT 'UTC hour of the event time, 00-23'
)
STORED AS PARQUET
LOCATION 's3://{{archive_bucket}}/events/'
TBLPROPERTIES (
  'parquet.compression'='SNAPPY',
  'projection.enabled'='true',
  'projection.dt.type'='date',
  'projection.dt.format'='yyyy-MM-dd',
  'projection.dt.range'='2024-01-01,NOW+1DAYS',
  'projection.dt.interval'='1',
  'projection.dt.interval.unit'='DAYS',
  'projection.hour.type'='integer',
  'projection.hour.range'='0,23',
  'projection.hour.digits'='2',
  'storage.location.template'='s3://{{archive_bucket}}/events/dt=${dt}/hour=${hour}/'
)
