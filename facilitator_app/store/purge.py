"""Removing records for good: the row, and every old value of it this store keeps.

A synced delete (`Store.delete`) keeps the row's field values in `row_state` (so a
restore could bring it back) and every value it ever had in `change_log`; a
conflict may hold a value it lost; a draft saved at lock may hold typing about it.
A purge removes all of those. What stays is a tombstone: the row's id, its causal
length and the one field sync needs to know who to tell (`SCOPE_FIELD`), never
anything that was written. `secure_delete` zeroes the freed pages; the caller folds
the write-ahead log afterwards (`Store.fold_log`), outside the transaction.

A purged row's causal length jumps to `PURGED_LENGTH` (even: deleted). That tells
every device the delete was a purge, not an ordinary delete that a restore may undo
with the values it kept: such a row is never brought back, its length beats any
restore made elsewhere, and values that reach it afterwards (a laptop's edit to a
session it had not yet heard was purged) are scrubbed again after the merge
(`scrub_purged_rows`).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

from facilitator_app.store import row_state
from facilitator_app.store.store import Store

# Tables a purge removes rows from. For each, the field kept in a tombstone: the
# coordinator decides from it which laptops hear of the delete (sync/scope.py's
# PARENT_FIELD), so it must stay. Ids only, never content.
SCOPE_FIELD: dict[str, str | None] = {
    "sessions": "group_id",
    "attendance": "session_id",
    "members": "group_id",
    "inbox": "author_id",
    "debriefs": None,
    "debrief_addenda": None,
    "incidents": None,
    "incident_addenda": None,
    "follow_ups": None,
    "sealed_records": None,
    "supervision": None,
    "retention_holds": None,
}
PURGED_TABLES = frozenset(SCOPE_FIELD)
# Far beyond any count of deletes and restores one row could see; even, so deleted.
PURGED_LENGTH = 2**40


def remove_for_everyone(store: Store, rows: Iterable[tuple[str, str]]) -> int:
    """Delete each row through change capture (so every device that has it deletes it
    too) and scrub every old value of it here. Returns how many rows were deleted."""
    removed = 0
    for table, row_id in rows:
        if store.delete(table, row_id):
            removed += 1
            _mark_purged(store.conn, table, row_id)
        else:
            # A row written without change capture (a joining laptop's own person, a
            # store from before sync) has no merge state to carry a delete: just go.
            gone = store.conn.execute(
                f"DELETE FROM {table} WHERE id = ?",  # noqa: S608 - a purged table
                [row_id],
            )
            removed += max(gone.rowcount, 0)
        _scrub_state(store.conn, table, row_id)
        _forget_history(store.conn, table, row_id)
    return removed


def forget_here(store: Store, rows: Iterable[tuple[str, str]]) -> int:
    """Remove each row and everything about it from this store only (a laptop following
    the schedule: the coordinator's copy is not touched). Returns how many were here."""
    removed = 0
    for table, row_id in rows:
        removed += int(
            store.conn.execute(
                f"SELECT 1 FROM {table} WHERE id = ?",  # noqa: S608 - a purged table
                [row_id],
            ).fetchone()
            is not None
        )
        store.forget(table, row_id)
        _forget_history(store.conn, table, row_id)
    return removed


def scrub_purged_rows(conn: Any, seq: int) -> Counter[str]:
    """After a merge (sync sequence `seq`): scrub every purged row it touched.

    Returns, per table, how many of them still held written values here: rows this
    store had and that another device's purge removed.
    """
    had_content: Counter[str] = Counter()
    dead = conn.execute(
        "SELECT table_name, row_id FROM row_state WHERE seq = ? AND length >= ?",
        [seq, PURGED_LENGTH],
    ).fetchall()
    for table, row_id in dead:
        if _scrub_state(conn, table, row_id):
            had_content[table] += 1
        _forget_history(conn, table, row_id)
    return had_content


def _mark_purged(conn: Any, table: str, row_id: str) -> None:
    """Raise a just-deleted row's causal length to the purge's (its stamp stays the delete's)."""
    state = row_state.load(conn, table, row_id)
    if state is not None and state.length < PURGED_LENGTH:
        state.length = PURGED_LENGTH
        row_state.save_many(conn, [state])


def _scrub_state(conn: Any, table: str, row_id: str) -> bool:
    """Keep only the tombstone's scope field; returns whether anything else was there."""
    state = row_state.load(conn, table, row_id)
    if state is None:
        return False
    keep = SCOPE_FIELD.get(table)
    kept = {name: entry for name, entry in state.fields.items() if name == keep}
    if kept == state.fields:
        return False
    state.fields = kept
    row_state.save_many(conn, [state])
    return True


# --- kept rows: old values rewritten rather than removed (erasure) -----------------

Rewrite = Callable[[Any], Any]


def rewrite_history(
    conn: Any,
    table: str,
    row_id: str,
    rewrite: Rewrite,
    fields: Sequence[str] | None = None,
) -> None:
    """For a row that stays but whose text changed (a name taken out): every old value
    of it this store keeps, in `change_log` and `conflicts`, passed through `rewrite`
    (which takes a decoded JSON value: text, a number, a list or a mapping).

    `fields` limits this to the old values of those fields: a facilitator's notes may
    name a member while their own name, in the same row, must stay as it is.

    The row's current values and `row_state` are the caller's to change, through change
    capture, so every device takes the new text.
    """
    only, only_args = _fields_sql(fields)
    for seq, value in conn.execute(
        "SELECT seq, value FROM change_log "  # noqa: S608 - placeholders only
        f"WHERE table_name = ? AND row_id = ?{only}",
        [table, row_id, *only_args],
    ).fetchall():
        new = _rewritten_json(value, rewrite)
        if new != value:
            conn.execute("UPDATE change_log SET value = ? WHERE seq = ?", [new, seq])
    for conflict_id, kept, lost in conn.execute(
        "SELECT id, kept_value, lost_value FROM conflicts "  # noqa: S608 - placeholders only
        f"WHERE table_name = ? AND row_id = ?{only}",
        [table, row_id, *only_args],
    ).fetchall():
        new_kept, new_lost = _rewritten_json(kept, rewrite), _rewritten_json(lost, rewrite)
        if (new_kept, new_lost) != (kept, lost):
            conn.execute(
                "UPDATE conflicts SET kept_value = ?, lost_value = ? WHERE id = ?",
                [new_kept, new_lost, conflict_id],
            )


def old_values(
    conn: Any, table: str, row_ids: list[str], fields: Sequence[str] | None = None
) -> Iterator[tuple[str, Any]]:
    """(row id, decoded value) of every old value this store keeps of these rows (of
    `fields` only, when given, as in `rewrite_history`)."""
    only, only_args = _fields_sql(fields)
    for start in range(0, len(row_ids), 500):
        chunk = row_ids[start : start + 500]
        marks = ", ".join("?" for _ in chunk)
        rows = f"table_name = ? AND row_id IN ({marks}){only}"  # placeholders only
        args = [table, *chunk, *only_args]
        for sql, sql_args in (
            (f"SELECT row_id, value FROM change_log WHERE {rows}", args),  # noqa: S608
            (
                f"SELECT row_id, kept_value FROM conflicts WHERE {rows} "  # noqa: S608
                f"UNION ALL SELECT row_id, lost_value FROM conflicts WHERE {rows}",
                [*args, *args],
            ),
        ):
            for row_id, text in conn.execute(sql, sql_args):
                yield str(row_id), _decoded(text)


def _fields_sql(fields: Sequence[str] | None) -> tuple[str, list[str]]:
    """An `AND field IN (...)` clause (change_log and conflicts both name the field)."""
    if fields is None:
        return "", []
    wanted = list(dict.fromkeys(fields))
    if not wanted:
        return " AND 0", []
    return f" AND field IN ({', '.join('?' for _ in wanted)})", wanted


def _decoded(text: Any) -> Any:
    if not isinstance(text, str):
        return text
    try:
        return json.loads(text)
    except ValueError:
        return text


def rewrite_drafts(
    conn: Any,
    mentioning: Iterable[str],
    rewrite: Rewrite,
    *,
    not_mentioning: Iterable[str] = (),
) -> int:
    """Typing kept at lock that names any of the ids `mentioning` (and none of the ids
    `not_mentioning`), passed through `rewrite` (as in `rewrite_history`). Returns how
    many drafts changed."""
    ids = [i for i in mentioning if i]
    others = [i for i in not_mentioning if i]
    changed = 0
    for key, payload in conn.execute("SELECT key, payload FROM drafts").fetchall():
        if not any(i in payload for i in ids) or any(i in payload for i in others):
            continue
        new = _rewritten_json(payload, rewrite)
        if new != payload:
            conn.execute("UPDATE drafts SET payload = ? WHERE key = ?", [new, key])
            changed += 1
    return changed


def _rewritten_json(text: Any, rewrite: Rewrite) -> Any:
    """JSON text with its value rewritten; text that is not JSON is rewritten as it is."""
    if not isinstance(text, str):
        return text
    try:
        value = json.loads(text)
    except ValueError:
        return rewrite(text)
    new = rewrite(value)
    return text if new == value else json.dumps(new)


def _forget_history(conn: Any, table: str, row_id: str) -> None:
    conn.execute("DELETE FROM change_log WHERE table_name = ? AND row_id = ?", [table, row_id])
    conn.execute("DELETE FROM conflicts WHERE table_name = ? AND row_id = ?", [table, row_id])
    # Typing kept at lock names the record it was for by id.
    conn.execute("DELETE FROM drafts WHERE instr(payload, ?) > 0", [row_id])
