"""The audit log's rows: appended, read back whole for a check, or a page for the screen.

A local table written with plain SQL (never synced). Rows are only ever appended here;
nothing in the app updates or deletes one.
"""

from __future__ import annotations

from typing import Any

from facilitator_app.domain.audit import AuditAction, AuditEntry, AuditKind

_COLUMNS = "seq, at, who, action, kind, ref, count, prev_hash, hash"


def has_audit_log(conn: Any) -> bool:
    """False for a store checked at an older schema (a check never upgrades one)."""
    row = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'audit_log'"
    ).fetchone()
    return row is not None


def append_entry(conn: Any, entry: AuditEntry) -> None:
    conn.execute(
        f"INSERT INTO audit_log ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",  # noqa: S608
        [
            entry.seq,
            entry.at,
            entry.who,
            entry.action.value,
            entry.kind.value,
            entry.ref,
            entry.count,
            entry.prev_hash,
            entry.hash,
        ],
    )


def last_seq(conn: Any) -> int:
    """The highest entry number in the table (0 for an empty log)."""
    return int(conn.execute("SELECT coalesce(max(seq), 0) FROM audit_log").fetchone()[0])


def load_entries(conn: Any) -> tuple[list[AuditEntry], int | None]:
    """Every readable entry in number order, and the number of the first row whose
    action or kind the app does not know (only a change from outside puts one there)."""
    entries: list[AuditEntry] = []
    unreadable: int | None = None
    for row in conn.execute(f"SELECT {_COLUMNS} FROM audit_log ORDER BY seq"):  # noqa: S608
        entry = _entry(row)
        if entry is not None:
            entries.append(entry)
        elif unreadable is None:
            unreadable = int(row[0])
    return entries, unreadable


def load_page(conn: Any, action: AuditAction | None, limit: int, offset: int) -> list[AuditEntry]:
    """Newest first; unreadable rows are left out (a check reports them)."""
    if action is None:
        rows = conn.execute(
            f"SELECT {_COLUMNS} FROM audit_log ORDER BY seq DESC LIMIT ? OFFSET ?",  # noqa: S608
            [limit, offset],
        )
    else:
        rows = conn.execute(
            f"SELECT {_COLUMNS} FROM audit_log WHERE action = ? "  # noqa: S608
            "ORDER BY seq DESC LIMIT ? OFFSET ?",
            [action.value, limit, offset],
        )
    return [entry for entry in (_entry(row) for row in rows) if entry is not None]


def count_entries(conn: Any, action: AuditAction | None) -> int:
    if action is None:
        row = conn.execute("SELECT count(*) FROM audit_log").fetchone()
    else:
        row = conn.execute(
            "SELECT count(*) FROM audit_log WHERE action = ?", [action.value]
        ).fetchone()
    return int(row[0])


_ACTIONS = {action.value: action for action in AuditAction}
_KINDS = {kind.value: kind for kind in AuditKind}


def _entry(row: Any) -> AuditEntry | None:
    action, kind = _ACTIONS.get(row[3]), _KINDS.get(row[4])
    if action is None or kind is None:
        return None
    count = row[6]
    return AuditEntry(
        int(row[0]),
        str(row[1]),
        str(row[2]),
        action,
        kind,
        None if row[5] is None else str(row[5]),
        None if count is None else int(count),
        str(row[7]),
        str(row[8]),
    )


# --- what an entry's reference points at, looked up only to show it -----------------------


def debrief_place(conn: Any, debrief_id: str) -> tuple[str, str] | None:
    """The debrief's group name and session date, if it is still in the store."""
    row = conn.execute(
        "SELECT coalesce(g.name, ''), d.session_date FROM debriefs d "
        "LEFT JOIN groups g ON g.id = d.group_id WHERE d.id = ?",
        [debrief_id],
    ).fetchone()
    return None if row is None else (str(row[0]), str(row[1]))


def incident_place(conn: Any, incident_id: str) -> tuple[str, str] | None:
    """The incident's group name and the day it started (as stored), if it is still here."""
    row = conn.execute(
        "SELECT coalesce(g.name, ''), i.started_at FROM incidents i "
        "LEFT JOIN groups g ON g.id = i.group_id WHERE i.id = ?",
        [incident_id],
    ).fetchone()
    return None if row is None else (str(row[0]), str(row[1]))


def session_place(conn: Any, session_id: str) -> tuple[str, str] | None:
    row = conn.execute(
        "SELECT coalesce(g.name, ''), s.date FROM sessions s "
        "LEFT JOIN groups g ON g.id = s.group_id WHERE s.id = ?",
        [session_id],
    ).fetchone()
    return None if row is None else (str(row[0]), str(row[1]))


def group_name(conn: Any, group_id: str) -> str | None:
    row = conn.execute("SELECT name FROM groups WHERE id = ?", [group_id]).fetchone()
    return None if row is None else str(row[0])


def device_name(conn: Any, device_id: str) -> str | None:
    row = conn.execute("SELECT name FROM devices WHERE id = ?", [device_id]).fetchone()
    return None if row is None else str(row[0])


def member_name(conn: Any, member_id: str) -> str | None:
    row = conn.execute("SELECT name FROM members WHERE id = ?", [member_id]).fetchone()
    return None if row is None else str(row[0])
