-- The first schema: the store's own facts, people, groups, members, sessions,
-- attendance, and the change log every synced write appends to.
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE people (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    role        TEXT NOT NULL,
    archived_on TEXT
) WITHOUT ROWID;

CREATE TABLE groups (
    id             TEXT PRIMARY KEY,
    name           TEXT NOT NULL,
    kind           TEXT NOT NULL,
    cohort_note    TEXT NOT NULL DEFAULT '',
    venue          TEXT NOT NULL DEFAULT '',
    usual_day      TEXT,
    usual_time     TEXT,
    start_date     TEXT,
    end_date       TEXT,
    agreement_text TEXT NOT NULL DEFAULT '',
    archived_on    TEXT
) WITHOUT ROWID;

CREATE TABLE members (
    id                   TEXT PRIMARY KEY,
    group_id             TEXT NOT NULL REFERENCES groups(id),
    name                 TEXT NOT NULL,
    contact_preference   TEXT NOT NULL DEFAULT '',
    consent_given_on     TEXT,
    consent_withdrawn_on TEXT,
    archived_on          TEXT
) WITHOUT ROWID;
CREATE INDEX members_by_group ON members(group_id);

CREATE TABLE sessions (
    id                TEXT PRIMARY KEY,
    group_id          TEXT NOT NULL REFERENCES groups(id),
    date              TEXT NOT NULL,
    start_time        TEXT,
    end_time          TEXT,
    venue             TEXT NOT NULL DEFAULT '',
    topic             TEXT NOT NULL DEFAULT '',
    lead_id           TEXT REFERENCES people(id),
    co_facilitator_id TEXT REFERENCES people(id),
    status            TEXT NOT NULL DEFAULT 'planned',
    notes             TEXT NOT NULL DEFAULT ''
) WITHOUT ROWID;
CREATE INDEX sessions_by_group_date ON sessions(group_id, date);

CREATE TABLE attendance (
    id         TEXT PRIMARY KEY,
    session_id TEXT NOT NULL REFERENCES sessions(id),
    member_id  TEXT NOT NULL REFERENCES members(id),
    present    INTEGER NOT NULL,
    UNIQUE (session_id, member_id)
) WITHOUT ROWID;

-- One row per changed field, stamped with the hybrid logical clock; the sync
-- layer reads from here to build bundles and to merge field by field.
CREATE TABLE change_log (
    seq        INTEGER PRIMARY KEY AUTOINCREMENT,
    hlc        TEXT NOT NULL,
    table_name TEXT NOT NULL,
    row_id     TEXT NOT NULL,
    field      TEXT NOT NULL,
    value      TEXT
);
CREATE INDEX change_log_by_row ON change_log(table_name, row_id, field);
