-- Retention (issue 10): how long the coordinator keeps each kind of record, records
-- held back from removal for safeguarding, and what each purge removed.

-- One row per record type (the id is the type's name: domain/retention.py) with the
-- months to keep it. Synced and shared: every laptop purges on the coordinator's
-- schedule. A type without a row keeps the app's default.
CREATE TABLE retention_rules (
    id     TEXT PRIMARY KEY,
    months INTEGER NOT NULL
) WITHOUT ROWID;

-- A record kept out of every purge while the hold stands (removed_at NULL). One row
-- per record, its id derived from the record, so holding it again reuses the row.
-- The reason is a fixed word ("safeguarding"), never free text. Synced, but sent to
-- no laptop: only the coordinator's store has the records a hold can protect.
CREATE TABLE retention_holds (
    id           TEXT PRIMARY KEY,
    record_table TEXT NOT NULL,
    record_id    TEXT NOT NULL,
    reason       TEXT NOT NULL,
    placed_at    TEXT NOT NULL,
    placed_by    TEXT NOT NULL,
    removed_at   TEXT,
    removed_by   TEXT
) WITHOUT ROWID;
CREATE INDEX retention_holds_by_record ON retention_holds(record_table, record_id);

-- What each purge removed: the record type, how many, how many a hold kept, when, and
-- who (a person id; NULL when a laptop followed the schedule or the coordinator's
-- purge arrived). Never which records, never anything they said. Local: not synced.
CREATE TABLE purge_log (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    purged_at   TEXT NOT NULL,
    record_type TEXT NOT NULL,
    removed     INTEGER NOT NULL,
    held_kept   INTEGER NOT NULL DEFAULT 0,
    how         TEXT NOT NULL,
    by_person   TEXT
);
