-- Records the consumer could not accept: why, where they came from, and their first 4 KiB. JSON
-- lines, GZIP-compressed. Retried emissions repeat a row_id: count distinct row_id.
CREATE EXTERNAL TABLE IF NOT EXISTS rejects (
  `row_id` string COMMENT 'hash of (shard_id, sequence_number, sub_sequence_number)',
  `shard_id` string,
  `sequence_number` string,
  `sub_sequence_number` int COMMENT '-1 for a record that was not a KPL aggregate',
  `partition_key` string,
  `arrival_time` string COMMENT 'ISO-8601 UTC arrival time in Kinesis',
  `reason` string COMMENT 'a RejectReason code, e.g. malformed_json, bad_value',
  `message` string,
  `data_length` int COMMENT 'bytes of the user record',
  `data_base64` string COMMENT 'the first 4 KiB of the record, base64'
)
PARTITIONED BY (
  `dt` string COMMENT 'UTC date of arrival_time, yyyy-MM-dd'
)
ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe'
WITH SERDEPROPERTIES (
  'ignore.malformed.json'='true'
)
STORED AS INPUTFORMAT 'org.apache.hadoop.mapred.TextInputFormat'
OUTPUTFORMAT 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat'
LOCATION 's3://{{archive_bucket}}/rejects/'
TBLPROPERTIES (
  'projection.enabled'='true',
  'projection.dt.type'='date',
  'projection.dt.format'='yyyy-MM-dd',
  'projection.dt.range'='2024-01-01,NOW+1DAYS',
  'projection.dt.interval'='1',
  'projection.dt.interval.unit'='DAYS',
  'storage.location.template'='s3://{{archive_bucket}}/rejects/dt=${dt}/'
)
