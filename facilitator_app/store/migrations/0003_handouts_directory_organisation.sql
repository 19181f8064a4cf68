-- Handout edits (a row per handout a charity changed; NULL body = shipped text),
-- the signposting directory, and the organisation's details shown on handouts.
CREATE TABLE handout_edits (
    id                TEXT PRIMARY KEY,
    name              TEXT NOT NULL UNIQUE,
    title             TEXT,
    body              TEXT,
    based_on_version  INTEGER
) WITHOUT ROWID;

CREATE TABLE services (
    id           TEXT PRIMARY KEY,
    name         TEXT NOT NULL,
    offers       TEXT NOT NULL DEFAULT '',
    for_whom     TEXT NOT NULL DEFAULT '',
    phone        TEXT NOT NULL DEFAULT '',
    text_number  TEXT NOT NULL DEFAULT '',
    web          TEXT NOT NULL DEFAULT '',
    hours        TEXT NOT NULL DEFAULT '',
    area         TEXT NOT NULL DEFAULT '',
    urgent       INTEGER NOT NULL DEFAULT 0,
    last_checked TEXT,
    position     INTEGER NOT NULL DEFAULT 0,
    archived_on  TEXT
) WITHOUT ROWID;

CREATE TABLE organisation (
    id      TEXT PRIMARY KEY,
    name    TEXT NOT NULL,
    phone   TEXT NOT NULL DEFAULT '',
    address TEXT NOT NULL DEFAULT '',
    logo    TEXT
) WITHOUT ROWID;
