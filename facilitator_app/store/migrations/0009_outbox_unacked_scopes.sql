-- What each bundle not yet acknowledged let its recipient see, as JSON
-- {sequence it carried everything up to: [group and colleague ids]}, kept only
-- where that changed. A recipient's scope moves on when a bundle that reached it
-- is acknowledged, not when one is exported: the stick that carried a new
-- group's history may be lost.
ALTER TABLE outboxes ADD COLUMN unacked_scopes TEXT NOT NULL DEFAULT '{}';
