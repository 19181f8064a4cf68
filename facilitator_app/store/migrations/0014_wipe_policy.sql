-- Wiping a laptop's store after too many wrong passphrases (issue 10).

-- The coordinator's policy: one row (id 'wipe'), `after_failures` wrong passphrases in
-- a row delete a store; 0 means off. Synced and shared with every laptop, like the
-- retention periods; each store also keeps the number in a plain file beside keys.json,
-- because it must be known before unlocking.
CREATE TABLE wipe_policy (
    id             TEXT PRIMARY KEY,
    after_failures INTEGER NOT NULL
) WITHOUT ROWID;

-- On a coordinator's store: when a laptop reported that its store was wiped, and after
-- how many wrong passphrases. Local, like the rest of the devices table.
ALTER TABLE devices ADD COLUMN wiped_at TEXT;
ALTER TABLE devices ADD COLUMN wiped_after INTEGER;
