-- Up Migration

-- API keys: only a SHA-256 of the secret is stored; key_prefix (a few leading characters) lets
-- people and logs tell keys apart without being usable.
CREATE TABLE api_keys (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name         text NOT NULL,
  key_prefix   text NOT NULL,
  key_hash     bytea NOT NULL UNIQUE CHECK (octet_length(key_hash) = 32),
  scopes       text[] NOT NULL DEFAULT '{}',
  created_at   timestamptz NOT NULL DEFAULT now(),
  revoked_at   timestamptz,
  last_used_at timestamptz
);
COMMENT ON COLUMN api_keys.scopes IS 'What the key may do, e.g. send, broadcast, devices, admin, or app-restricted forms like send:shop.';

-- Idempotency keys of the HTTP API: a retried POST with the same key (per owner) returns the first
-- answer's event id; the same key with a different body (request_hash) is a conflict. Expired by
-- created_at.
CREATE TABLE idempotency_keys (
  owner        text NOT NULL,
  key          text NOT NULL,
  request_hash bytea NOT NULL,
  event_id     text NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (owner, key)
);
COMMENT ON COLUMN idempotency_keys.owner IS 'Whose key space: the API key id, or another caller identity.';
CREATE INDEX idempotency_keys_created_at_idx ON idempotency_keys (created_at);

-- Down Migration
DROP TABLE idempotency_keys;
DROP TABLE api_keys;
