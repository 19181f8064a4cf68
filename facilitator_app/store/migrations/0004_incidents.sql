-- Incident records drafted from protocol runs, and addenda added after submitting.
-- The run (with the protocol exactly as it was used), notes and safeguarding answers
-- are JSON text: a record keeps the protocol version it used.
CREATE TABLE incidents (
    id                        TEXT PRIMARY KEY,
    group_id                  TEXT REFERENCES groups(id),
    session_id                TEXT REFERENCES sessions(id),
    member_id                 TEXT REFERENCES members(id),
    protocol_id               TEXT NOT NULL,
    protocol_version          INTEGER NOT NULL,
    started_at                TEXT NOT NULL,
    ended_at                  TEXT,
    run                       TEXT NOT NULL,
    notes                     TEXT NOT NULL DEFAULT '{}',
    safeguarding              TEXT,
    facilitator_needs_support INTEGER NOT NULL DEFAULT 0,
    status                    TEXT NOT NULL DEFAULT 'draft',
    submitted_at              TEXT,
    author_id                 TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX incidents_by_start ON incidents(started_at);

CREATE TABLE incident_addenda (
    id          TEXT PRIMARY KEY,
    incident_id TEXT NOT NULL REFERENCES incidents(id),
    text        TEXT NOT NULL,
    written_at  TEXT NOT NULL,
    author_id   TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX incident_addenda_by_incident ON incident_addenda(incident_id);
