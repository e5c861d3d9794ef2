-- Up Migration

-- Broadcasts and their progress. Targeting streams the segment in device-id order and stores the
-- last device it emitted for (cursor_device_id) with the counters in the same transaction, so a
-- restart resumes after the cursor instead of starting over.
CREATE TABLE broadcasts (
  id                   text PRIMARY KEY,
  app                  text NOT NULL DEFAULT 'default',
  status               text NOT NULL DEFAULT 'pending'
                       CHECK (status IN ('pending', 'running', 'completed', 'cancelled', 'failed')),
  segment              jsonb NOT NULL CHECK (jsonb_typeof(segment) = 'object'),
  content              jsonb,
  template             jsonb,
  category             text NOT NULL,
  priority             text NOT NULL DEFAULT 'low' CHECK (priority IN ('low', 'normal', 'high', 'critical')),
  ttl_seconds          integer NOT NULL CHECK (ttl_seconds >= 0),
  throttle_per_second  integer CHECK (throttle_per_second > 0),
  triggered_at         timestamptz NOT NULL,
  scheduled_at         timestamptz,
  cursor_device_id     uuid,
  targeted             bigint NOT NULL DEFAULT 0,
  emitted              bigint NOT NULL DEFAULT 0,
  suppressed           bigint NOT NULL DEFAULT 0,
  suppressed_by_reason jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(suppressed_by_reason) = 'object'),
  failure_reason       text,
  created_at           timestamptz NOT NULL DEFAULT now(),
  started_at           timestamptz,
  completed_at         timestamptz,
  updated_at           timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT broadcasts_has_content CHECK (content IS NOT NULL OR template IS NOT NULL)
);
COMMENT ON COLUMN broadcasts.segment IS 'The Segment of the trigger (apps, platforms, locales, tags, last_seen_after, user_ids) as JSON.';
COMMENT ON COLUMN broadcasts.triggered_at IS 'BroadcastTrigger.created_at: start of the TTL.';
COMMENT ON COLUMN broadcasts.scheduled_at IS 'Not before this instant (scheduled sends); null: as soon as possible.';
COMMENT ON COLUMN broadcasts.cursor_device_id IS 'Last device id emitted for; the segment stream resumes after it.';
COMMENT ON COLUMN broadcasts.suppressed_by_reason IS 'Suppression counts by reason, e.g. {"category_opted_out": 120, "muted": 3}.';

-- Work to pick up (including after a restart) and the API's listing.
CREATE INDEX broadcasts_unfinished_idx ON broadcasts (created_at) WHERE status IN ('pending', 'running');
CREATE INDEX broadcasts_app_created_idx ON broadcasts (app, created_at DESC);

-- Down Migration
DROP TABLE broadcasts;
