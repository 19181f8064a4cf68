-- Erasure of one member (issue 10): which members were erased, by id only.
-- One row per erased member, its id the member's id (a random UUID: never a name).
-- Synced: a coordinator's erasure reaches the laptops of the member's group, and a
-- laptop's erasure reaches the coordinator, who then erases for everyone. After any
-- merge a member or register mark of an erased member that came back (a stale bundle)
-- is removed again. group_id routes the row to the group's laptops.
CREATE TABLE erasures (
    id        TEXT PRIMARY KEY,
    group_id  TEXT NOT NULL,
    erased_at TEXT NOT NULL
) WITHOUT ROWID;

-- A member's register marks, found by member: erasure and subject access ask for them,
-- and after every import the marks of erased members are looked for.
CREATE INDEX attendance_by_member ON attendance(member_id);
