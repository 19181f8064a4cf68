-- Debriefs, sealed records on their way to the organisation, the coordinator's inbox,
-- and follow-up actions that belong to a debrief as well as to an incident.

-- A debrief after a session. On a laptop only drafts live here: at submit the record
-- is sealed to the organisation and this row is forgotten. The structured fields stay
-- columns (not one JSON blob) so reports can count attendance and flags.
CREATE TABLE debriefs (
    id                       TEXT PRIMARY KEY,
    session_id               TEXT NOT NULL REFERENCES sessions(id),
    group_id                 TEXT NOT NULL REFERENCES groups(id),
    session_date             TEXT NOT NULL,
    author_id                TEXT NOT NULL,
    recipient_id             TEXT,
    status                   TEXT NOT NULL DEFAULT 'draft',
    submitted_at             TEXT,
    present_count            INTEGER NOT NULL DEFAULT 0,
    present                  TEXT NOT NULL DEFAULT '[]',
    how_it_went              TEXT,
    how_notes                TEXT NOT NULL DEFAULT '',
    topics                   TEXT NOT NULL DEFAULT '',
    went_well                TEXT NOT NULL DEFAULT '',
    concerns                 TEXT NOT NULL DEFAULT '',
    incident_ids             TEXT NOT NULL DEFAULT '[]',
    safeguarding             INTEGER NOT NULL DEFAULT 0,
    safeguarding_incident_id TEXT,
    wellbeing                INTEGER,
    wants_contact            INTEGER NOT NULL DEFAULT 0,
    saved_at                 TEXT
) WITHOUT ROWID;
CREATE INDEX debriefs_by_session ON debriefs(session_id);
CREATE INDEX debriefs_by_group ON debriefs(group_id, session_date);
-- Everything the inbox lists, so listing 5,000 debriefs reads this index and not the
-- rows with their long texts (43 ms down to 5 ms; benchmarks/inbox.py).
CREATE INDEX debriefs_for_inbox ON debriefs(
    status, session_date, group_id, author_id, safeguarding, wants_contact, incident_ids,
    session_id
);

CREATE TABLE debrief_addenda (
    id          TEXT PRIMARY KEY,
    debrief_id  TEXT NOT NULL REFERENCES debriefs(id),
    text        TEXT NOT NULL,
    written_at  TEXT NOT NULL,
    author_id   TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX debrief_addenda_by_debrief ON debrief_addenda(debrief_id);

-- A submitted record as it travels: encrypted to the organisation and signed by the
-- laptop that wrote it. The laptop keeps it until the coordinator's receipt comes back.
CREATE TABLE sealed_records (
    id          TEXT PRIMARY KEY,
    kind        TEXT NOT NULL,
    author_id   TEXT NOT NULL,
    device_id   TEXT NOT NULL,
    envelope    TEXT NOT NULL,
    sealed_at   TEXT NOT NULL
) WITHOUT ROWID;

-- The coordinator's view of each record that arrived: read, reviewed, contact made.
-- A laptop receives only its own records' kind, author, opened_at and reviewed_at:
-- those are its receipts.
CREATE TABLE inbox (
    id            TEXT PRIMARY KEY,
    kind          TEXT NOT NULL,
    author_id     TEXT NOT NULL,
    parent_id     TEXT,
    arrived_at    TEXT,
    opened_at     TEXT,
    opened_by     TEXT,
    reviewed_at   TEXT,
    reviewed_by   TEXT,
    review_note   TEXT NOT NULL DEFAULT '',
    contacted_at  TEXT,
    contacted_by  TEXT,
    contact_note  TEXT NOT NULL DEFAULT ''
) WITHOUT ROWID;
CREATE INDEX inbox_by_parent ON inbox(parent_id);

-- A laptop's index line for each record it submitted: never any record text.
-- Local: not synced.
CREATE TABLE sent_records (
    id          TEXT PRIMARY KEY,
    kind        TEXT NOT NULL,
    parent_id   TEXT,
    group_id    TEXT,
    session_id  TEXT,
    on_date     TEXT NOT NULL,
    sent_at     TEXT NOT NULL
) WITHOUT ROWID;

-- Follow-ups now belong to an incident or to a debrief.
CREATE TABLE follow_ups_new (
    id          TEXT PRIMARY KEY,
    incident_id TEXT REFERENCES incidents(id),
    debrief_id  TEXT REFERENCES debriefs(id),
    what        TEXT NOT NULL,
    who_id      TEXT REFERENCES people(id),
    due_on      TEXT,
    done_on     TEXT
) WITHOUT ROWID;
INSERT INTO follow_ups_new (id, incident_id, what, who_id, due_on, done_on)
    SELECT id, incident_id, what, who_id, due_on, done_on FROM follow_ups;
DROP TABLE follow_ups;
ALTER TABLE follow_ups_new RENAME TO follow_ups;
CREATE INDEX follow_ups_by_incident ON follow_ups(incident_id);
CREATE INDEX follow_ups_by_debrief ON follow_ups(debrief_id);
CREATE INDEX follow_ups_open ON follow_ups(done_on, due_on);
