-- Up Migration

-- Dead letters as recorded by feedback from the deadletters topic: the original bytes untouched, the
-- reason, and the replay state. One row per original message and stage: re-recording the same dead
-- letter (redelivery) is a no-op via ON CONFLICT on the source coordinates. A replayed message that
-- fails again has a new source offset, so it gets a new row.
CREATE TABLE dead_letters (
  id               bigserial PRIMARY KEY,
  stage            text NOT NULL,
  source_topic     text NOT NULL,
  source_partition integer NOT NULL,
  source_offset    bigint NOT NULL,
  key              bytea,
  value            bytea NOT NULL,
  headers          jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(headers) = 'object'),
  reason_code      text NOT NULL,
  reason_message   text NOT NULL,
  failed_at        timestamptz NOT NULL,
  attempts         integer NOT NULL CHECK (attempts >= 0),
  status           text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'replayed', 'discarded')),
  replayed_at      timestamptz,
  recorded_at      timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT dead_letters_source_unique UNIQUE (stage, source_topic, source_partition, source_offset),
  CONSTRAINT dead_letters_replayed_at CHECK ((status = 'replayed') = (replayed_at IS NOT NULL))
);
COMMENT ON COLUMN dead_letters.reason_code IS 'DECODE_FAILED, SCHEMA_NOT_FOUND, INVALID_MESSAGE, PROCESSING_FAILED or RETRIES_EXHAUSTED.';

-- Inspection: the open ones, newest first, optionally by reason.
CREATE INDEX dead_letters_open_idx ON dead_letters (failed_at DESC) WHERE status = 'open';
CREATE INDEX dead_letters_reason_idx ON dead_letters (reason_code, failed_at DESC);

-- Down Migration
DROP TABLE dead_letters;
