-- name: events_unique
-- description: One row per event: the events archive deduplicated by event_id within its event-time
--   hour (copies of one event share the hour, because the partition is computed from the event's own
--   time string). It is the archive, not the consumer's verdict: events the consumer rejects for a rule
--   (bad_value, time_out_of_range, ...) are kept; records without an event_id are not events and are
--   dropped. event_time is the parsed event time in UTC (null when the time string is not RFC 3339);
--   copies says how many times the event was archived. Its truth is the set of distinct events the
--   producer sent that Firehose could convert.
CREATE OR REPLACE VIEW events_unique AS
SELECT
  "schema",
  event_id,
  "type",
  "time",
  CAST(try(from_iso8601_timestamp("time")) AT TIME ZONE 'UTC' AS timestamp) AS event_time,
  device_id,
  session_id,
  page,
  referrer,
  country,
  load_ms,
  metrics,
  copies,
  dt,
  "hour"
FROM (
  SELECT
    e.*,
    row_number() OVER (PARTITION BY dt, "hour", event_id ORDER BY "time", device_id, "type") AS copy_rank,
    count(*) OVER (PARTITION BY dt, "hour", event_id) AS copies
  FROM events e
  WHERE event_id IS NOT NULL
) archived
WHERE copy_rank = 1
