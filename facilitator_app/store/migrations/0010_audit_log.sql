-- The audit log: who opened, exported, printed, erased or purged what, and when.
-- Local to this store: never synced. Never any record content: an action and a kind of
-- record from closed sets, the record's id or a count. Each entry carries the previous
-- entry's hash and its own (domain/audit.py); meta 'audit_end' holds the last entry's
-- number and hash, written in the same transaction, so a cut-off end shows too.
CREATE TABLE audit_log (
    seq        INTEGER PRIMARY KEY,
    at         TEXT NOT NULL,
    who        TEXT NOT NULL,
    action     TEXT NOT NULL,
    kind       TEXT NOT NULL,
    ref        TEXT,
    count      INTEGER,
    prev_hash  TEXT NOT NULL,
    hash       TEXT NOT NULL
);
-- The log screen filters by action, newest first.
CREATE INDEX audit_log_by_action ON audit_log(action, seq);
