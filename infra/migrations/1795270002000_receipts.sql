-- Up Migration

-- Receipts: millions of rows a day, written in batches by feedback, kept for a retention window.
-- RANGE-partitioned by occurred_at into daily UTC partitions (receipts_pYYYYMMDD): retention drops
-- whole partitions instead of deleting rows, and each day's indexes stay small.
-- The primary key must contain the partition key, so it is (occurred_at, receipt_id); occurred_at
-- leads, which keeps inserts near the right edge of the index. A redelivered receipt carries the same
-- receipt_id and occurred_at, so INSERT ... ON CONFLICT DO NOTHING makes redelivery a no-op. Two rows
-- with one receipt_id and different occurred_at mean the same attempt really happened twice (a sender
-- crashed after sending, before committing): the duplicate-send bound, visible in the data.
CREATE TABLE receipts (
  occurred_at         timestamptz NOT NULL,
  receipt_id          text NOT NULL,
  delivery_id         text NOT NULL,
  event_id            text NOT NULL,
  broadcast_id        text,
  user_id             text NOT NULL,
  device_id           uuid,
  app                 text,
  provider            text CHECK (provider IN ('fcm', 'apns', 'webpush')),
  status              text NOT NULL CHECK (status ~ '^[a-z_]+$'),
  reason              text,
  provider_message_id text,
  http_status         smallint,
  attempt             integer NOT NULL CHECK (attempt >= 0),
  event_at            timestamptz NOT NULL,
  recorded_at         timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (occurred_at, receipt_id)
) PARTITION BY RANGE (occurred_at);
COMMENT ON COLUMN receipts.status IS 'Lower-case Avro ReceiptStatus (accepted, token_dead, suppressed, ...). Not a closed CHECK list: a status newer than this schema is still recorded.';
COMMENT ON COLUMN receipts.event_at IS 'Event time of the notification; occurred_at - event_at is the end-to-end latency.';

-- By event: a notification's outcomes; for broadcasts event_id is the broadcast id, so this also
-- counts a broadcast's outcomes by status without a separate index.
CREATE INDEX receipts_event_idx ON receipts (event_id, status);
-- By user: "what did this user receive", newest first.
CREATE INDEX receipts_user_idx ON receipts (user_id, occurred_at DESC);

-- Rows whose day has no partition yet (clock skew, maintenance not run) land here instead of failing
-- the insert. It should stay empty: herald_ensure_receipt_partitions moves its rows out.
CREATE TABLE receipts_default PARTITION OF receipts DEFAULT;

-- Creates the daily partitions for [from_day, from_day + days), skipping existing ones; returns how
-- many it created. Rows already in the default partition for a new day are moved into it (a partition
-- cannot be created while the default partition holds rows of its range). Serialised by an advisory
-- lock so concurrent callers (several feedback instances starting at once) do not collide.
CREATE FUNCTION herald_ensure_receipt_partitions(from_day date, days integer) RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
  day date;
  part text;
  lower_bound timestamptz;
  upper_bound timestamptz;
  created integer := 0;
BEGIN
  IF days IS NULL OR days < 1 OR from_day IS NULL THEN
    RAISE EXCEPTION 'herald_ensure_receipt_partitions: need a from_day and days >= 1 (got %, %)', from_day, days;
  END IF;
  PERFORM pg_advisory_xact_lock(hashtext('herald_receipt_partitions'));
  FOR i IN 0 .. days - 1 LOOP
    day := from_day + i;
    part := 'receipts_p' || to_char(day, 'YYYYMMDD');
    CONTINUE WHEN to_regclass(quote_ident(part)) IS NOT NULL;
    lower_bound := day::timestamp AT TIME ZONE 'UTC';
    upper_bound := (day + 1)::timestamp AT TIME ZONE 'UTC';
    IF EXISTS (SELECT 1 FROM receipts_default WHERE occurred_at >= lower_bound AND occurred_at < upper_bound) THEN
      EXECUTE format('CREATE TABLE %I (LIKE receipts INCLUDING DEFAULTS INCLUDING CONSTRAINTS)', part);
      EXECUTE format(
        'WITH moved AS (DELETE FROM receipts_default WHERE occurred_at >= $1 AND occurred_at < $2 RETURNING *) '
        'INSERT INTO %I SELECT * FROM moved', part)
        USING lower_bound, upper_bound;
      EXECUTE format('ALTER TABLE receipts ATTACH PARTITION %I FOR VALUES FROM (%L) TO (%L)', part, lower_bound, upper_bound);
    ELSE
      EXECUTE format('CREATE TABLE %I PARTITION OF receipts FOR VALUES FROM (%L) TO (%L)', part, lower_bound, upper_bound);
    END IF;
    created := created + 1;
  END LOOP;
  RETURN created;
END
$$;

-- Retention: drops the daily partitions of days before cutoff_day (UTC) and deletes default-partition
-- rows older than it; returns the dropped partitions' names.
CREATE FUNCTION herald_drop_receipt_partitions_before(cutoff_day date) RETURNS SETOF text
LANGUAGE plpgsql AS $$
DECLARE
  part record;
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('herald_receipt_partitions'));
  FOR part IN
    SELECT c.oid::regclass AS rel, c.relname::text AS name
    FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
    WHERE i.inhparent = 'receipts'::regclass
      AND c.relname ~ '^receipts_p[0-9]{8}$'
      AND to_date(substr(c.relname, 11), 'YYYYMMDD') < cutoff_day
    ORDER BY c.relname
  LOOP
    EXECUTE format('DROP TABLE %s', part.rel);
    RETURN NEXT part.name;
  END LOOP;
  DELETE FROM receipts_default WHERE occurred_at < cutoff_day::timestamp AT TIME ZONE 'UTC';
END
$$;

-- Today (UTC) and the next seven days; after that, feedback's maintenance keeps the window ahead.
SELECT herald_ensure_receipt_partitions((now() AT TIME ZONE 'UTC')::date, 8);

-- Down Migration
DROP FUNCTION herald_drop_receipt_partitions_before(date);
DROP FUNCTION herald_ensure_receipt_partitions(date, integer);
DROP TABLE receipts;
