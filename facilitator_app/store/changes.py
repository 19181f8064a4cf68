"""Change capture: every synced write stamps each changed field and appends it to the log.

Table and column names are checked against SYNCED_COLUMNS, never taken from input,
which is why building the SQL text from them is safe.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from facilitator_app.domain.hlc import Hlc
from facilitator_app.store import row_state
from facilitator_app.store.row_state import RowState

SYNCED_COLUMNS: Mapping[str, frozenset[str]] = {
    "people": frozenset(
        {
            "name",
            "role",
            "archived_on",
            "contact_preference",
            "stage",
            "self_care_plan",
            "shadowing_sessions",
            "readiness_notes",
            "usual_weekdays",
            "max_per_month",
        }
    ),
    "stage_changes": frozenset({"person_id", "stage", "changed_on", "approved_by"}),
    "person_groups": frozenset({"person_id", "group_id", "removed"}),
    "training": frozenset({"person_id", "course", "completed_on", "expires_on", "removed"}),
    "supervision": frozenset({"person_id", "held_on", "with_whom", "note"}),
    "unavailable": frozenset({"person_id", "first_day", "last_day", "removed"}),
    "pauses": frozenset({"person_id", "starts_on", "ends_on", "reason"}),
    "groups": frozenset(
        {
            "name",
            "kind",
            "cohort_note",
            "venue",
            "usual_day",
            "usual_time",
            "start_date",
            "end_date",
            "agreement_text",
            "archived_on",
        }
    ),
    "members": frozenset(
        {
            "group_id",
            "name",
            "contact_preference",
            "consent_given_on",
            "consent_withdrawn_on",
            "archived_on",
        }
    ),
    "sessions": frozenset(
        {
            "group_id",
            "date",
            "start_time",
            "end_time",
            "venue",
            "topic",
            "lead_id",
            "co_facilitator_id",
            "status",
            "notes",
            "headcount",
            "lead_locked",
            "co_locked",
            "actual_lead_id",
            "actual_co_id",
            "chosen_by_group",
        }
    ),
    "attendance": frozenset({"session_id", "member_id", "present"}),
    "handout_edits": frozenset({"name", "title", "body", "based_on_version"}),
    "services": frozenset(
        {
            "name",
            "offers",
            "for_whom",
            "phone",
            "text_number",
            "web",
            "hours",
            "area",
            "urgent",
            "last_checked",
            "position",
            "archived_on",
        }
    ),
    "organisation": frozenset({"name", "phone", "address", "logo"}),
    "incidents": frozenset(
        {
            "group_id",
            "session_id",
            "member_id",
            "protocol_id",
            "protocol_version",
            "started_at",
            "ended_at",
            "run",
            "notes",
            "safeguarding",
            "facilitator_needs_support",
            "status",
            "submitted_at",
            "author_id",
        }
    ),
    "incident_addenda": frozenset({"incident_id", "text", "written_at", "author_id"}),
    "follow_ups": frozenset({"incident_id", "debrief_id", "what", "who_id", "due_on", "done_on"}),
    "debriefs": frozenset(
        {
            "session_id",
            "group_id",
            "session_date",
            "author_id",
            "recipient_id",
            "status",
            "submitted_at",
            "present_count",
            "present",
            "how_it_went",
            "how_notes",
            "topics",
            "went_well",
            "concerns",
            "incident_ids",
            "safeguarding",
            "safeguarding_incident_id",
            "wellbeing",
            "wants_contact",
            "saved_at",
        }
    ),
    "debrief_addenda": frozenset({"debrief_id", "text", "written_at", "author_id"}),
    "sealed_records": frozenset({"kind", "author_id", "device_id", "envelope", "sealed_at"}),
    "inbox": frozenset(
        {
            "kind",
            "author_id",
            "parent_id",
            "arrived_at",
            "opened_at",
            "opened_by",
            "reviewed_at",
            "reviewed_by",
            "review_note",
            "contacted_at",
            "contacted_by",
            "contact_note",
        }
    ),
    "protocol_versions": frozenset(
        {"protocol_id", "version", "data", "retired", "saved_at", "author_id"}
    ),
    "retention_rules": frozenset({"months"}),
    "app_name": frozenset({"name"}),
    "wipe_policy": frozenset({"after_failures"}),
    "retention_holds": frozenset(
        {
            "record_table",
            "record_id",
            "reason",
            "placed_at",
            "placed_by",
            "removed_at",
            "removed_by",
        }
    ),
    "erasures": frozenset({"group_id", "erased_at"}),
}

Value = str | int | None


def _check(table: str, values: Mapping[str, Value]) -> None:
    allowed = SYNCED_COLUMNS.get(table)
    if allowed is None:
        raise ValueError(f"{table} is not a synced table")
    unknown = set(values) - allowed
    if unknown:
        raise ValueError(f"unknown columns for {table}: {sorted(unknown)}")


def insert_row(
    conn: Any, table: str, row_id: str, values: Mapping[str, Value], hlc: Hlc, seq: int = 0
) -> None:
    _check(table, values)
    columns = ["id", *values]
    placeholders = ", ".join("?" for _ in columns)
    conn.execute(
        f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({placeholders})",  # noqa: S608
        [row_id, *values.values()],
    )
    _log(conn, table, row_id, values, hlc)
    state = row_state.load(conn, table, row_id) or RowState(table, row_id)
    if not state.alive:
        # The same id made again after it was deleted (a register mark or a group place:
        # see `pair_id`): making it is restoring it, or its merge state would say deleted.
        state.length += 1
        state.length_hlc = hlc.encode()
    _record(conn, state, values, hlc, seq)


def update_row(
    conn: Any, table: str, row_id: str, values: Mapping[str, Value], hlc: Hlc, seq: int = 0
) -> bool:
    """Write only the fields that differ; returns False when the row does not exist."""
    _check(table, values)
    columns = list(values)
    if not columns:
        return True
    current = conn.execute(
        f"SELECT {', '.join(columns)} FROM {table} WHERE id = ?",  # noqa: S608
        [row_id],
    ).fetchone()
    if current is None:
        return False
    changed = {c: values[c] for c, old in zip(columns, current, strict=True) if old != values[c]}
    if not changed:
        return True
    assignments = ", ".join(f"{c} = ?" for c in changed)
    conn.execute(
        f"UPDATE {table} SET {assignments} WHERE id = ?",  # noqa: S608
        [*changed.values(), row_id],
    )
    _log(conn, table, row_id, changed, hlc)
    state = row_state.load(conn, table, row_id) or RowState(table, row_id)
    _record(conn, state, changed, hlc, seq)
    return True


def delete_row(conn: Any, table: str, row_id: str, hlc: Hlc, seq: int) -> bool:
    """Delete a row so that it stays deleted on every device until explicitly restored.

    Its field values stay in row_state, which is what `restore_row` brings back.
    Returns False when there is no such live row.
    """
    _check(table, {})
    state = row_state.load(conn, table, row_id)
    if state is None or not state.alive:
        return False
    conn.execute(f"DELETE FROM {table} WHERE id = ?", [row_id])  # noqa: S608
    state.length += 1
    state.length_hlc = hlc.encode()
    _record(conn, state, {}, hlc, seq)
    return True


def restore_row(conn: Any, table: str, row_id: str, hlc: Hlc, seq: int) -> bool:
    """Undo `delete_row`; returns False when the row is not deleted."""
    _check(table, {})
    state = row_state.load(conn, table, row_id)
    if state is None or state.alive:
        return False
    state.length += 1
    state.length_hlc = hlc.encode()
    materialise(conn, state)
    _record(conn, state, {}, hlc, seq)
    return True


def forget_row(conn: Any, table: str, row_id: str) -> None:
    """The row, its merge state and its change history, gone; no device is told."""
    if table not in SYNCED_COLUMNS:
        raise ValueError(f"{table} is not a synced table")
    conn.execute(f"DELETE FROM {table} WHERE id = ?", [row_id])  # noqa: S608
    conn.execute("DELETE FROM row_state WHERE table_name = ? AND row_id = ?", [table, row_id])
    conn.execute("DELETE FROM change_log WHERE table_name = ? AND row_id = ?", [table, row_id])


def materialise(conn: Any, state: RowState) -> bool:
    """Write a live row's current values into its table (insert or replace).

    Returns False, writing nothing, while a column the table requires has not arrived.
    """
    values = table_values(conn, state)
    if values is None:
        return False
    conn.execute(upsert_sql(state.table, tuple(values)), [state.row_id, *values.values()])
    return True


def table_values(conn: Any, state: RowState) -> dict[str, Value] | None:
    """The row as its table holds it, or None while a required column is still missing."""
    columns = table_columns(conn, state.table, frozenset(state.fields))
    if columns is None:
        return None
    fields = state.fields
    return {name: fields[name][0] for name in columns}


# (table, field names held) -> the table's columns among them, in name order, or None
# while a required column is missing. A bundle's rows come in a handful of shapes, so
# an import works this out a few times rather than once a row.
_COLUMNS: dict[tuple[str, frozenset[str]], tuple[str, ...] | None] = {}
_MAX_SHAPES = 4096


def table_columns(conn: Any, table: str, names: frozenset[str]) -> tuple[str, ...] | None:
    """The table's columns among `names`, in name order; None while a required one is missing."""
    key = (table, names)
    if key not in _COLUMNS:
        if len(_COLUMNS) >= _MAX_SHAPES:
            _COLUMNS.clear()
        columns = tuple(sorted(names & SYNCED_COLUMNS[table]))
        _COLUMNS[key] = None if required_columns(conn, table) - set(columns) else columns
    return _COLUMNS[key]


def upsert_sql(table: str, columns: tuple[str, ...]) -> str:
    names = ", ".join(["id", *columns])
    marks = ", ".join("?" for _ in range(len(columns) + 1))
    updates = ", ".join(f"{c} = excluded.{c}" for c in columns) or "id = excluded.id"
    return (
        f"INSERT INTO {table} ({names}) VALUES ({marks}) "  # noqa: S608
        f"ON CONFLICT (id) DO UPDATE SET {updates}"
    )


_REQUIRED: dict[str, frozenset[str]] = {}


def required_columns(conn: Any, table: str) -> frozenset[str]:
    """Columns that are NOT NULL without a default (the schema is fixed per run)."""
    if table not in _REQUIRED:
        info = conn.execute(f"PRAGMA table_info({table})").fetchall()
        _REQUIRED[table] = frozenset(
            str(name)
            for _cid, name, _type, notnull, default, pk in info
            if notnull and default is None and not pk
        )
    return _REQUIRED[table]


def _record(conn: Any, state: RowState, values: Mapping[str, Value], hlc: Hlc, seq: int) -> None:
    state.write_local(values, hlc.encode())
    state.seq = seq
    row_state.save_many(conn, [state])


def _log(conn: Any, table: str, row_id: str, values: Mapping[str, Value], hlc: Hlc) -> None:
    stamp = hlc.encode()
    conn.executemany(
        "INSERT INTO change_log (hlc, table_name, row_id, field, value) VALUES (?, ?, ?, ?, ?)",
        [(stamp, table, row_id, field, json.dumps(value)) for field, value in values.items()],
    )
