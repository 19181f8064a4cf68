-- On a facilitator's laptop, conflicts holds only its own values that lost to a
-- newer one it had not seen: no bundle may ever have carried them, so the laptop
-- sends them to the coordinator's list. seq is the laptop's sync sequence when it
-- noticed, so they go until the coordinator acknowledges them, like rows.
ALTER TABLE conflicts ADD COLUMN seq INTEGER NOT NULL DEFAULT 0;
