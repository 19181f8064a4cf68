"""A laptop's purge on the coordinator's schedule, and scrubbing after every import.

A facilitator's laptop holds copies (its groups' sessions, registers and members;
its own drafts): the coordinator's store keeps the records. So a laptop removes what
the schedule says is due by itself, without telling any device, at unlock and
whenever a bundle brings the schedule; and when the coordinator's own purge arrives
as deletes, the old values are scrubbed here too. Both are written in the purge log.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from facilitator_app.domain.retention import RecordType, cutoff, due_now
from facilitator_app.domain.store_role import StoreRole
from facilitator_app.store.purge import forget_here, scrub_purged_rows
from facilitator_app.store.retention_rows import (
    PurgeHow,
    PurgeLogRow,
    due_candidates,
    load_rules,
    rows_to_remove,
    write_purge_log,
)
from facilitator_app.store.store import Store

# Which tables' deletes from the coordinator count as which record type in a laptop's
# log; register marks and receipts go with them uncounted.
_ARRIVED_TYPES = {"sessions": RecordType.SESSIONS, "members": RecordType.MEMBERS_LEFT}


def purge_on_schedule(store: Store, today: dt.date) -> dict[RecordType, int]:
    """Remove from this laptop every record due under the schedule it holds; log it.

    Run inside a transaction. Returns how many records of each type went.
    """
    conn = store.conn
    rules = load_rules(conn)
    found = due_candidates(conn, rules, today)
    due = due_now(found, rules, today)
    held = Counter(c.record_type for c in found if c.held)
    removed: dict[RecordType, int] = {}
    for record_type in RecordType:
        mine = [c for c in due if c.record_type is record_type]
        if not mine:
            continue
        forget_here(store, rows_to_remove(conn, mine))
        # Counted as records, not rows: a session's register goes with it.
        count = len(mine)
        removed[record_type] = count
        _log(store, record_type, count, held[record_type], PurgeHow.SCHEDULE)
    _drop_old_index_lines(store, today)
    return removed


def after_import(store: Store, seq: int, today: dt.date) -> int:
    """Inside an import's transaction, after the merge: scrub rows it deleted, and on a
    laptop log what the coordinator's purge removed and follow the schedule it brought.

    Returns how many records were removed from this store (0 on a coordinator's store,
    where this only scrubs again what a laptop sent about rows already purged).
    """
    had_content = scrub_purged_rows(store.conn, seq)
    if store.facts.role is StoreRole.COORDINATOR:
        return 0
    total = 0
    for table, record_type in _ARRIVED_TYPES.items():
        if had_content[table]:
            _log(store, record_type, had_content[table], 0, PurgeHow.FROM_COORDINATOR)
            total += had_content[table]
    return total + sum(purge_on_schedule(store, today).values())


def _log(store: Store, record_type: RecordType, removed: int, held: int, how: str) -> None:
    write_purge_log(
        store.conn,
        PurgeLogRow(store.now().isoformat(), record_type.value, removed, held, how, None),
    )


def _drop_old_index_lines(store: Store, today: dt.date) -> None:
    """A laptop's index lines of records it sent (no text) go with their record type,
    once the organisation has the record (the sealed copy is gone)."""
    rules = load_rules(store.conn)
    for prefix, record_type in (
        ("debrief", RecordType.DEBRIEFS),
        ("incident", RecordType.INCIDENTS),
    ):
        store.conn.execute(
            "DELETE FROM sent_records WHERE (kind = ? OR kind = ?) AND on_date <= ? "
            "AND id NOT IN (SELECT id FROM sealed_records)",
            [
                prefix,
                f"{prefix}-addendum",
                cutoff(today, rules.months_for(record_type)).isoformat(),
            ],
        )
