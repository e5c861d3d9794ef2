-- Up Migration

-- Targeting's crash window, made explicit. A dedup row is written 'pending' (emitted_at NULL) before
-- the deliveries of (event_id, user_id) are produced, and marked emitted once the broker acknowledged
-- them. A replay of the event skips emitted pairs (receipt DEDUPLICATED) and re-emits pending ones:
-- the duplicates a crash can cause are bounded by what was in flight (pending) at that moment.
ALTER TABLE dedup ADD COLUMN emitted_at timestamptz;
COMMENT ON COLUMN dedup.emitted_at IS 'When the outcome of (event_id, user_id) was acknowledged by Kafka; NULL = pending (re-emitted on replay).';
-- Rows written before this migration were processed to the end.
UPDATE dedup SET emitted_at = created_at WHERE emitted_at IS NULL;

-- Broadcast leases: one targeting instance streams a broadcast at a time. A worker claims a runnable
-- broadcast by setting lease_owner/lease_until, renews the lease with every checkpoint, and releases
-- it on a graceful stop; after a crash (even SIGKILL) the lease expires and another worker resumes
-- after the cursor. The cursor is (cursor_app, cursor_device_id): the segment is streamed in
-- (app, id) order, which devices_segment_stream_idx serves for one or several apps.
ALTER TABLE broadcasts
  ADD COLUMN lease_owner text,
  ADD COLUMN lease_until timestamptz,
  ADD COLUMN cursor_app  text;
COMMENT ON COLUMN broadcasts.lease_owner IS 'Targeting worker streaming the broadcast (instance id); NULL when nobody holds it.';
COMMENT ON COLUMN broadcasts.lease_until IS 'The lease ends at this instant unless renewed; an expired lease may be taken over.';
COMMENT ON COLUMN broadcasts.cursor_app IS 'App of the last device emitted for; with cursor_device_id, the stream resumes after (cursor_app, cursor_device_id).';

-- Down Migration
ALTER TABLE broadcasts DROP COLUMN cursor_app, DROP COLUMN lease_until, DROP COLUMN lease_owner;
ALTER TABLE dedup DROP COLUMN emitted_at;
