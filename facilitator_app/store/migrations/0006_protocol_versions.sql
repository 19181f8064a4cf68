-- Protocols as edited in the app: one row per version, never changed afterwards.
-- A protocol's newest row wins over the shipped file; "retired" hides it from the
-- crisis screen. Incident records keep their own copy of the version they used.
CREATE TABLE protocol_versions (
    id          TEXT PRIMARY KEY,
    protocol_id TEXT NOT NULL,
    version     INTEGER NOT NULL,
    data        TEXT NOT NULL,
    retired     INTEGER NOT NULL DEFAULT 0,
    saved_at    TEXT NOT NULL,
    author_id   TEXT NOT NULL,
    UNIQUE (protocol_id, version)
) WITHOUT ROWID;
