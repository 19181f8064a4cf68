"""A store put back from a backup: its sync numbers move past any it used since.

What restoring does to sync, and why (issue 10). A backup rewinds this store's
bookkeeping: `meta.sync_seq` (stamped on every change, and what peers acknowledge),
each outbox's `next_bundle` (the number of the next bundle to a peer) and
`last_hash`. The copy that was replaced may have gone on after the backup was made,
and peers have seen its numbers. Left as they are:

- a bundle made after the restore would reuse a number a peer already took in with
  other content, and the peer refuses it as a fork, for good;
- changes made after the restore would get sync numbers a peer has already
  acknowledged, so they would never be sent.

The replaced copy's numbers are often unknown (it was damaged, or this is a new
laptop), so instead of carrying them over every counter jumps forward by a margin far
beyond what any store uses between a backup and its restore (a billion changes, or
bundles). Peers check that bundle numbers are unique, not consecutive
(`sync/incoming.py`), and acknowledgements only ever move forward, so the gap is
harmless. `received_bundles` is left as the backup had it: bundles taken in after the
backup was made can be taken in again from the stick, if it still holds them.

Rows that peers sent to the replaced copy after the backup was made: the peers count
them as delivered. So the restored copy asks each peer to send everything again
(`"resend": true` in its bundles' operations, until the peer acknowledges one of its
bundles made after the restore), and a peer asked forgets what it thought this store
had (`device_rows.resend_everything`). An erasure, a purge or a new member made after
the backup thus reaches the restored copy at its next sync, wherever it was restored.
Not recovered: sealed records filed after the backup, whose laptops have already
dropped their copies. The restore's confirmation says that work since the backup
date is lost on this laptop.
"""

from __future__ import annotations

from typing import Any

# Far more changes (or bundles) than a store makes between a backup and its restore;
# SQLite integers reach 9.2e18, so a store can be restored billions of times.
RESTORE_MARGIN = 1_000_000_000


# meta: this store's sync sequence just after its restore. A peer whose acknowledgement
# has not reached it has not yet heard the request to send everything again.
RESEND_KEY = "resend_after_restore"


def resend_wanted(conn: Any, acked_seq: int) -> bool:
    """Whether a bundle to a peer that acknowledged up to `acked_seq` asks it to resend."""
    row = conn.execute("SELECT value FROM meta WHERE key = ?", [RESEND_KEY]).fetchone()
    return row is not None and acked_seq < int(row[0])


def move_past_backup(conn: Any) -> None:
    """On the restored copy (not yet in place): jump the sync counters forward."""
    tables = {str(row[0]) for row in conn.execute("SELECT name FROM sqlite_master")}
    conn.execute("BEGIN IMMEDIATE")
    try:
        row = conn.execute("SELECT value FROM meta WHERE key = 'sync_seq'").fetchone()
        seq = int(row[0]) if row is not None else 0
        conn.execute(
            "INSERT INTO meta (key, value) VALUES ('sync_seq', ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [str(seq + RESTORE_MARGIN)],
        )
        if "outboxes" in tables:  # a backup older than sync (schema 8) has none yet
            conn.execute("UPDATE outboxes SET next_bundle = next_bundle + ?", [RESTORE_MARGIN])
        conn.execute(
            "INSERT INTO meta (key, value) VALUES (?, ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [RESEND_KEY, str(seq + RESTORE_MARGIN)],
        )
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")
