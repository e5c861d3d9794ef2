-- Up Migration

-- Receipts by event (for a broadcast: all of its receipts) are read newest first with a keyset on
-- (occurred_at, receipt_id), and counted by status for broadcast progress. Order the index by
-- occurred_at so a page reads only its rows, and carry status so the counts are index-only scans.
DROP INDEX receipts_event_idx;
CREATE INDEX receipts_event_idx ON receipts (event_id, occurred_at DESC) INCLUDE (status);

-- Down Migration
DROP INDEX receipts_event_idx;
CREATE INDEX receipts_event_idx ON receipts (event_id, status);
