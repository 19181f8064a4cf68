-- Drop-in groups count heads instead of keeping a register; this device's own
-- settings (never synced); drafts saved when the app locks mid-typing.
ALTER TABLE sessions ADD COLUMN headcount INTEGER;

CREATE TABLE local_settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE drafts (
    key      TEXT PRIMARY KEY,
    payload  TEXT NOT NULL,
    saved_at TEXT NOT NULL
) WITHOUT ROWID;
