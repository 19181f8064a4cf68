-- Follow-up actions a coordinator adds to an incident record: what, who, by when, done.
CREATE TABLE follow_ups (
    id          TEXT PRIMARY KEY,
    incident_id TEXT NOT NULL REFERENCES incidents(id),
    what        TEXT NOT NULL,
    who_id      TEXT REFERENCES people(id),
    due_on      TEXT,
    done_on     TEXT
) WITHOUT ROWID;
CREATE INDEX follow_ups_by_incident ON follow_ups(incident_id);
