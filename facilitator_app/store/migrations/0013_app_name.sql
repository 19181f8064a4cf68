-- The neutral name a charity chose for the app (issue 10), e.g. "Group planner": shown
-- in the window title and the task bar instead of the app's own name. One row (id
-- 'app_name'); an empty name means the build's own name. Synced and shared with every
-- laptop, like the retention periods; each laptop also keeps the last name it learned
-- in its per-user list of stores, because the title is shown before anything unlocks.
CREATE TABLE app_name (
    id   TEXT PRIMARY KEY,
    name TEXT NOT NULL
) WITHOUT ROWID;
