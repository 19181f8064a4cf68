-- Sync between paired devices: the merge state of every synced row, the devices
-- this store talks to, invitations, the bundles already taken in, and conflicts.

-- One row per synced record: its causal length (odd = alive, even = deleted) and,
-- for every field, [value, stamp, previous foreign stamp] as JSON. This is what
-- bundles carry and what the merge compares; the record's own table is the
-- readable copy. `stamp` is the stamp most of the row's fields share: a field with
-- that stamp and no previous foreign stamp is kept as just [value] (row_state.py).
-- `seq` is the store's sync sequence when the row last changed, so an export sends
-- only rows newer than what a peer acknowledged.
CREATE TABLE row_state (
    table_name TEXT NOT NULL,
    row_id     TEXT NOT NULL,
    length     INTEGER NOT NULL DEFAULT 1,
    length_hlc TEXT NOT NULL DEFAULT '',
    stamp      TEXT NOT NULL DEFAULT '',
    fields     TEXT NOT NULL,
    seq        INTEGER NOT NULL,
    PRIMARY KEY (table_name, row_id)
) WITHOUT ROWID;
CREATE INDEX row_state_by_seq ON row_state(seq);

-- Every row written before sync existed, with the newest value of each field (each
-- field whole, with its own stamp: the next write to the row stores it shared).
INSERT INTO row_state (table_name, row_id, length, length_hlc, fields, seq)
SELECT table_name, row_id, 1, '',
       json_group_object(field, json_array(json(value), hlc, NULL)), 0
FROM (
    SELECT c.table_name, c.row_id, c.field, c.value, c.hlc
    FROM change_log AS c
    WHERE c.seq = (
        SELECT max(d.seq) FROM change_log AS d
        WHERE d.table_name = c.table_name AND d.row_id = c.row_id AND d.field = c.field
    )
)
GROUP BY table_name, row_id;

-- Devices this store syncs with. On a coordinator: facilitators' laptops
-- (pending until accepted after comparing fingerprints, then active, or revoked).
-- On a facilitator: the organisation's coordinator devices.
CREATE TABLE devices (
    id             TEXT PRIMARY KEY,
    person_id      TEXT,
    name           TEXT NOT NULL,
    role           TEXT NOT NULL,
    sign_public    TEXT NOT NULL,
    age_recipient  TEXT NOT NULL,
    status         TEXT NOT NULL,
    invitation_id  TEXT,
    first_seen_at  TEXT NOT NULL,
    accepted_at    TEXT,
    revoked_at     TEXT,
    -- the newest of their sequence numbers we have applied (sent back as an ack)
    received_upto  INTEGER NOT NULL DEFAULT 0,
    last_import_at TEXT
) WITHOUT ROWID;

-- Where each recipient stands: the newest of our sequence numbers it has
-- acknowledged, our bundle numbering for it, and the groups and colleagues it
-- could see last time (one new to it means resending that one's history).
CREATE TABLE outboxes (
    recipient      TEXT PRIMARY KEY,
    -- -1 until the first acknowledgement: rows from before sync existed have seq 0
    acked_seq      INTEGER NOT NULL DEFAULT -1,
    next_bundle    INTEGER NOT NULL DEFAULT 1,
    last_hash      TEXT NOT NULL DEFAULT '',
    scope          TEXT NOT NULL DEFAULT '[]',
    last_export_at TEXT,
    -- What each bundle not yet acknowledged let its recipient see, as JSON
    -- {sequence it carried everything up to: [group and colleague ids]}, kept only
    -- where that changed. A recipient's scope moves on when a bundle that reached it
    -- is acknowledged, not when one is exported: the stick that carried a new
    -- group's history may be lost.
    unacked_scopes TEXT NOT NULL DEFAULT '{}'
) WITHOUT ROWID;

CREATE TABLE invitations (
    id          TEXT PRIMARY KEY,
    person_id   TEXT NOT NULL REFERENCES people(id),
    token_hash  TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    expires_at  TEXT NOT NULL,
    device_id   TEXT,
    used_at     TEXT
) WITHOUT ROWID;

CREATE TABLE received_bundles (
    sender       TEXT NOT NULL,
    sequence     INTEGER NOT NULL,
    bundle_id    TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    received_at  TEXT NOT NULL,
    PRIMARY KEY (sender, sequence)
) WITHOUT ROWID;

-- A field two devices changed at once: the newer value was kept, the other is
-- here so the coordinator can look and put it back.
CREATE TABLE conflicts (
    id          TEXT PRIMARY KEY,
    table_name  TEXT NOT NULL,
    row_id      TEXT NOT NULL,
    field       TEXT NOT NULL,
    kept_value  TEXT,
    kept_hlc    TEXT NOT NULL,
    lost_value  TEXT,
    lost_hlc    TEXT NOT NULL,
    noticed_at  TEXT NOT NULL,
    resolved_at TEXT,
    resolution  TEXT,
    -- On a facilitator's laptop, conflicts holds only its own values that lost to a
    -- newer one it had not seen: no bundle may ever have carried them, so the laptop
    -- sends them to the coordinator's list. seq is the laptop's sync sequence when it
    -- noticed, so they go until the coordinator acknowledges them, like rows.
    seq         INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;
CREATE INDEX conflicts_open ON conflicts(resolved_at, noticed_at);
