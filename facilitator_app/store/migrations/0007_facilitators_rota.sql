-- Facilitator profiles, their journey and support, and the rota.
-- Rows are never deleted: a "removed" flag hides them, so a later sync cannot
-- bring a removed row back and the history stays readable.
ALTER TABLE people ADD COLUMN contact_preference TEXT NOT NULL DEFAULT '';
-- shadowing / co-facilitator / lead; NULL means not on the rota.
ALTER TABLE people ADD COLUMN stage TEXT;
ALTER TABLE people ADD COLUMN self_care_plan INTEGER NOT NULL DEFAULT 0;
ALTER TABLE people ADD COLUMN shadowing_sessions INTEGER NOT NULL DEFAULT 0;
-- Interview and observation notes: coordinator only.
ALTER TABLE people ADD COLUMN readiness_notes TEXT NOT NULL DEFAULT '';
-- Comma-separated weekday numbers (0 = Monday); empty means any day.
ALTER TABLE people ADD COLUMN usual_weekdays TEXT NOT NULL DEFAULT '';
ALTER TABLE people ADD COLUMN max_per_month INTEGER;

CREATE TABLE stage_changes (
    id          TEXT PRIMARY KEY,
    person_id   TEXT NOT NULL REFERENCES people(id),
    stage       TEXT NOT NULL,
    changed_on  TEXT NOT NULL,
    approved_by TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX stage_changes_by_person ON stage_changes(person_id);

CREATE TABLE person_groups (
    id        TEXT PRIMARY KEY,
    person_id TEXT NOT NULL REFERENCES people(id),
    group_id  TEXT NOT NULL REFERENCES groups(id),
    removed   INTEGER NOT NULL DEFAULT 0,
    UNIQUE (person_id, group_id)
) WITHOUT ROWID;
CREATE INDEX person_groups_by_group ON person_groups(group_id);

CREATE TABLE training (
    id           TEXT PRIMARY KEY,
    person_id    TEXT NOT NULL REFERENCES people(id),
    course       TEXT NOT NULL,
    completed_on TEXT NOT NULL,
    expires_on   TEXT,
    removed      INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;
CREATE INDEX training_by_person ON training(person_id);

-- Coordinator only: never sent to facilitators' laptops.
CREATE TABLE supervision (
    id        TEXT PRIMARY KEY,
    person_id TEXT NOT NULL REFERENCES people(id),
    held_on   TEXT NOT NULL,
    with_whom TEXT NOT NULL,
    note      TEXT NOT NULL DEFAULT ''
) WITHOUT ROWID;
CREATE INDEX supervision_by_person ON supervision(person_id);

CREATE TABLE unavailable (
    id        TEXT PRIMARY KEY,
    person_id TEXT NOT NULL REFERENCES people(id),
    first_day TEXT NOT NULL,
    last_day  TEXT NOT NULL,
    removed   INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;
CREATE INDEX unavailable_by_person ON unavailable(person_id);

-- Wellbeing pauses. ends_on NULL: until lifted. The reason is private.
CREATE TABLE pauses (
    id        TEXT PRIMARY KEY,
    person_id TEXT NOT NULL REFERENCES people(id),
    starts_on TEXT NOT NULL,
    ends_on   TEXT,
    reason    TEXT NOT NULL DEFAULT ''
) WITHOUT ROWID;
CREATE INDEX pauses_by_person ON pauses(person_id);

-- lead_id / co_facilitator_id are the plan; actual_* are who ran it on the night.
ALTER TABLE sessions ADD COLUMN lead_locked INTEGER NOT NULL DEFAULT 0;
ALTER TABLE sessions ADD COLUMN co_locked INTEGER NOT NULL DEFAULT 0;
ALTER TABLE sessions ADD COLUMN actual_lead_id TEXT REFERENCES people(id);
ALTER TABLE sessions ADD COLUMN actual_co_id TEXT REFERENCES people(id);
ALTER TABLE sessions ADD COLUMN chosen_by_group INTEGER NOT NULL DEFAULT 0;
CREATE INDEX sessions_by_date ON sessions(date);
