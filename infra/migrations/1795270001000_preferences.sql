-- Up Migration

-- One row per user; no row means the defaults (everything allowed). Targeting reads them in
-- batches (WHERE user_id = ANY($1)) through the primary key.
CREATE TABLE preferences (
  user_id           text PRIMARY KEY,
  global_opt_out    boolean NOT NULL DEFAULT false,
  push_enabled      boolean NOT NULL DEFAULT true,
  category_opt_outs text[] NOT NULL DEFAULT '{}',
  muted_thread_keys text[] NOT NULL DEFAULT '{}',
  quiet_hours       jsonb CHECK (
    quiet_hours IS NULL
    OR (jsonb_typeof(quiet_hours) = 'object' AND quiet_hours ? 'start' AND quiet_hours ? 'end')
  ),
  updated_at        timestamptz NOT NULL DEFAULT now()
);
COMMENT ON COLUMN preferences.global_opt_out IS 'User opted out of all notifications from every category (receipts SUPPRESSED opted_out).';
COMMENT ON COLUMN preferences.push_enabled IS 'Push channel switched on for the user (off: nothing is sent, preferences kept).';
COMMENT ON COLUMN preferences.category_opt_outs IS 'Categories (e.g. marketing) the user opted out of.';
COMMENT ON COLUMN preferences.muted_thread_keys IS 'Thread keys (NotificationRequest.thread_key) the user muted.';
COMMENT ON COLUMN preferences.quiet_hours IS '{"start":"22:00","end":"07:00","time_zone":"Europe/Berlin"} (local wall-clock HH:MM; time_zone optional, defaulting to the user''s): notifications are deferred, not dropped.';

-- Down Migration
DROP TABLE preferences;
