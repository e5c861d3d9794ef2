-- Up Migration

-- Users: the profile that segments filter on. Devices do not reference it (no foreign key): a device
-- can be registered before anyone writes a profile, and targeting never needs the join.
CREATE TABLE users (
  user_id    text PRIMARY KEY,
  tags       text[] NOT NULL DEFAULT '{}',
  locale     text,
  time_zone  text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
COMMENT ON COLUMN users.tags IS 'Segment tags (e.g. beta); a broadcast matches users having any of its tags.';
COMMENT ON COLUMN users.time_zone IS 'IANA time zone (e.g. Europe/Berlin), for quiet hours.';
CREATE INDEX users_tags_gin ON users USING gin (tags);

-- Devices: one row per (app, provider, token). Re-registering a token updates the row in place
-- (ON CONFLICT (app, provider, token_hash)), so a device id is stable and a token that moves to
-- another user never sends to both.
CREATE TABLE devices (
  id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  app                 text NOT NULL DEFAULT 'default',
  user_id             text NOT NULL,
  platform            text NOT NULL CHECK (platform IN ('android', 'ios', 'web')),
  provider            text NOT NULL CHECK (provider IN ('fcm', 'apns', 'webpush')),
  token               text NOT NULL,
  token_hash          bytea NOT NULL CHECK (octet_length(token_hash) = 32),
  webpush_p256dh      text,
  webpush_auth        text,
  apns_environment    text CHECK (apns_environment IN ('sandbox', 'production')),
  locale              text,
  time_zone           text,
  app_version         text,
  active              boolean NOT NULL DEFAULT true,
  created_at          timestamptz NOT NULL DEFAULT now(),
  last_seen_at        timestamptz NOT NULL DEFAULT now(),
  last_used_at        timestamptz,
  deactivated_at      timestamptz,
  deactivation_reason text,
  CONSTRAINT devices_token_unique UNIQUE (app, provider, token_hash),
  CONSTRAINT devices_provider_platform CHECK (
    provider = 'fcm' OR (provider = 'apns' AND platform = 'ios') OR (provider = 'webpush' AND platform = 'web')
  ),
  CONSTRAINT devices_webpush_keys CHECK (
    CASE WHEN provider = 'webpush' THEN webpush_p256dh IS NOT NULL AND webpush_auth IS NOT NULL
         ELSE webpush_p256dh IS NULL AND webpush_auth IS NULL END
  ),
  CONSTRAINT devices_apns_environment CHECK ((provider = 'apns') = (apns_environment IS NOT NULL)),
  CONSTRAINT devices_deactivation CHECK (active = (deactivated_at IS NULL))
) WITH (fillfactor = 90);
COMMENT ON COLUMN devices.token IS 'Provider token (Web Push: subscription endpoint). Needed to send; never log it whole.';
COMMENT ON COLUMN devices.token_hash IS 'SHA-256 of token: the unique key, so indexes, logs and lookups never carry the token itself.';
COMMENT ON COLUMN devices.last_seen_at IS 'Last registration refresh or app activity; stale-token expiry deactivates devices not seen for long.';
COMMENT ON COLUMN devices.last_used_at IS 'Last time a provider accepted a notification for this token.';
COMMENT ON COLUMN devices.deactivation_reason IS 'Why the device stopped receiving: token_dead, unregistered, stale, replaced, ...';

-- Targeting: a user's active devices in one app.
CREATE INDEX devices_user_active_idx ON devices (user_id, app) WHERE active;
-- Broadcast segments: stream an app's active devices in id order, resuming after a cursor
-- (WHERE app = $1 AND id > $cursor ORDER BY id LIMIT n), in bounded memory.
CREATE INDEX devices_segment_stream_idx ON devices (app, id) WHERE active;
-- last_seen_at is deliberately not indexed: it changes on every app start, and leaving it out of
-- all indexes keeps those updates HOT (fillfactor 90 leaves room). Stale-token expiry is a periodic
-- batch that walks devices_segment_stream_idx.

-- Down Migration
DROP TABLE devices;
DROP TABLE users;
