-- Erasure and restore (issue 10): erased names kept for records arriving late, and
-- a restored store asking its peers to send everything again.

-- The pseudonyms of erased members, kept for a while on a coordinator's store only
-- (issue 10). A debrief or incident record sealed on a laptop before an erasure reached
-- it arrives later still naming the member, and only the name can find it. Local: never
-- synced, never in a bundle. A row goes once every active laptop has acknowledged the
-- erasure: the bundle carrying that acknowledgement also carried everything the laptop
-- sealed before it. `erased_seq` is the sync sequence of the `erasures` row.
CREATE TABLE erased_names (
    member_id  TEXT PRIMARY KEY,
    names      TEXT NOT NULL,  -- JSON list of text
    erased_seq INTEGER NOT NULL
) WITHOUT ROWID;

-- A recipient restored from a backup asked for everything again (sync/restored.py).
-- Until it acknowledges a bundle numbered from `resend_from` (this store's sync
-- sequence when it asked), bundles to it also carry its own changes back: the restored
-- copy may have lost them.
ALTER TABLE outboxes ADD COLUMN resend_from INTEGER;
