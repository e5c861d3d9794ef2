-- Up Migration

-- Targeting's de-duplication ledger: INSERT ... ON CONFLICT DO NOTHING on (event_id, user_id) tells
-- whether this event was already processed for this user. Rows are only needed for as long as a
-- duplicate can still arrive, so a periodic job deletes by created_at.
CREATE TABLE dedup (
  event_id   text NOT NULL,
  user_id    text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (event_id, user_id)
);
CREATE INDEX dedup_created_at_idx ON dedup (created_at);

-- Down Migration
DROP TABLE dedup;
