-- name: events_unique
-- description: One row per event: the events archive with the copies of each event collapsed.
--   Copies of one event (a producer retry, a repeated delivery) carry the same event_id, device,
--   type and time, so they fall in the same event-time hour and are grouped by those; two different
--   events that share an event_id (a producer bug) stay apart. It is the archive, not the consumer's
--   verdict: events the consumer rejects for a rule (bad_value, time_out_of_range, ...) are kept;
--   records without an event_id are not events and are dropped. event_time is the event time in UTC
--   (null when the time string is not RFC 3339); copies says how often the event was archived. Its
--   truth is the set of distinct events the producer sent that Firehose could convert.
CREATE OR REPLACE VIEW events_unique AS
SELECT
  arbitrary("schema") AS "schema",
  event_id,
  "type",
  "time",
  CAST(try(from_iso8601_timestamp("time")) AT TIME ZONE 'UTC' AS timestamp) AS event_time,
  device_id,
  arbitrary(session_id) AS session_id,
  arbitrary(page) AS page,
  arbitrary(referrer) AS referrer,
  arbitrary(country) AS country,
  arbitrary(load_ms) AS load_ms,
  arbitrary(metrics) AS metrics,
  count(*) AS copies,
  dt,
  "hour"
FROM events
WHERE event_id IS NOT NULL
GROUP BY dt, "hour", event_id, device_id, "type", "time"
