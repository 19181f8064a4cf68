"""Retention rows: the periods, safeguarding holds, which records are old enough, the log.

Which table rows make up each record type, and which day each is kept from, is
decided here in SQL (see domain/retention.py for the rules in words).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from facilitator_app.domain.retention import Candidate, RecordType, RetentionRules, cutoff

# Records a hold can protect: the ones that hold what was said about safeguarding.
HOLDABLE_TABLES = ("incidents", "debriefs")

_ACTIVE_HOLD = (
    "EXISTS (SELECT 1 FROM retention_holds AS h WHERE h.record_table = '{table}' "
    "AND h.record_id = {alias}.id AND h.removed_at IS NULL)"
)


def load_rules(conn: Any) -> RetentionRules:
    """The saved periods; a row this version does not know (or a bad value) is passed over."""
    months: dict[RecordType, int] = {}
    for row_id, value in conn.execute("SELECT id, months FROM retention_rules"):
        try:
            record_type = RecordType(row_id)
        except ValueError:
            continue
        if isinstance(value, int) and value > 0:
            months[record_type] = value
    return RetentionRules(months)


# --- holds ---------------------------------------------------------------------


@dataclass(frozen=True)
class HoldRow:
    id: str
    record_table: str
    record_id: str
    reason: str
    placed_at: str
    placed_by: str


def active_holds(conn: Any) -> list[HoldRow]:
    return [
        HoldRow(*map(str, row))
        for row in conn.execute(
            "SELECT id, record_table, record_id, reason, placed_at, placed_by "
            "FROM retention_holds WHERE removed_at IS NULL ORDER BY placed_at, id"
        )
    ]


def hold_of(conn: Any, table: str, record_id: str) -> HoldRow | None:
    """The hold standing on this record, if any."""
    row = conn.execute(
        "SELECT id, record_table, record_id, reason, placed_at, placed_by FROM retention_holds "
        "WHERE record_table = ? AND record_id = ? AND removed_at IS NULL",
        [table, record_id],
    ).fetchone()
    return None if row is None else HoldRow(*map(str, row))


def hold_row_ids(conn: Any, table: str, record_ids: Iterable[str]) -> list[str]:
    """Hold rows (standing or removed) about these records."""
    found: list[str] = []
    ids = list(record_ids)
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        found.extend(
            str(r[0])
            for r in conn.execute(
                "SELECT id FROM retention_holds WHERE record_table = ? "  # noqa: S608
                f"AND record_id IN ({_marks(chunk)})",
                [table, *chunk],
            )
        )
    return found


# --- records old enough to go --------------------------------------------------


def _record_sql(table: str, addenda: str, parent: str, date_sql: str, which: str) -> str:
    """A debrief's or incident's id, the day it is kept from, and whether it is held.

    Kept from the latest of its own date, its addenda and its follow-ups marked done.
    """
    hold = _ACTIVE_HOLD.format(table=table, alias="r")
    return (
        f"SELECT r.id AS id, max({date_sql}, "  # noqa: S608 - names from this module
        f"coalesce((SELECT max(substr(a.written_at, 1, 10)) FROM {addenda} AS a "
        f"WHERE a.{parent} = r.id), ''), "
        f"coalesce((SELECT max(f.done_on) FROM follow_ups AS f WHERE f.{parent} = r.id), '')"
        f") AS kept, {hold} AS held FROM {table} AS r WHERE {which}"
    )


_DEBRIEF = ("debriefs", "debrief_addenda", "debrief_id", "r.session_date")
_INCIDENT = ("incidents", "incident_addenda", "incident_id", "substr(r.started_at, 1, 10)")

# Per record type: (table, SQL giving id, kept-from day, held) for each table it covers.
_CANDIDATES: dict[RecordType, list[tuple[str, str]]] = {
    RecordType.SESSIONS: [
        (
            "sessions",
            # A session stays while a debrief or incident record about it is kept.
            "SELECT s.id AS id, s.date AS kept, 0 AS held FROM sessions AS s "
            "WHERE s.id NOT IN (SELECT session_id FROM debriefs) "
            "AND s.id NOT IN (SELECT session_id FROM incidents WHERE session_id IS NOT NULL)",
        )
    ],
    RecordType.DEBRIEFS: [("debriefs", _record_sql(*_DEBRIEF, "r.safeguarding = 0"))],
    RecordType.INCIDENTS: [("incidents", _record_sql(*_INCIDENT, "r.safeguarding IS NULL"))],
    RecordType.SAFEGUARDING: [
        ("incidents", _record_sql(*_INCIDENT, "r.safeguarding IS NOT NULL")),
        ("debriefs", _record_sql(*_DEBRIEF, "r.safeguarding != 0")),
    ],
    RecordType.SUPERVISION: [
        ("supervision", "SELECT s.id AS id, s.held_on AS kept, 0 AS held FROM supervision AS s")
    ],
    RecordType.MEMBERS_LEFT: [
        (
            "members",
            # Left: archived, or their whole group was. Kept while a record names them.
            "SELECT m.id AS id, substr(coalesce(m.archived_on, g.archived_on), 1, 10) AS kept, "
            "0 AS held "
            "FROM members AS m JOIN groups AS g ON g.id = m.group_id "
            "WHERE coalesce(m.archived_on, g.archived_on) IS NOT NULL "
            "AND m.id NOT IN (SELECT member_id FROM incidents WHERE member_id IS NOT NULL)",
        )
    ],
}


def candidates(conn: Any, record_type: RecordType, kept_until: dt.date) -> list[Candidate]:
    """Records of this type kept from `kept_until` or earlier: old enough to go, held or not."""
    found: list[Candidate] = []
    for table, sql in _CANDIDATES[record_type]:
        for row_id, kept_from, held in conn.execute(
            f"SELECT id, kept, held FROM ({sql}) WHERE kept <= ?",  # noqa: S608
            [kept_until.isoformat()],
        ):
            found.append(
                Candidate(
                    record_type, table, str(row_id), dt.date.fromisoformat(kept_from), bool(held)
                )
            )
    return found


# --- what removing a record takes with it --------------------------------------


def rows_to_remove(conn: Any, found: Iterable[Candidate]) -> list[tuple[str, str]]:
    """(table, id) of the records and everything that belongs to them, children first.

    Sessions take their registers; members who left take their register marks;
    debriefs and incident records take their addenda, follow-ups, inbox lines, sealed
    envelopes and any (removed) hold rows.
    """
    by_table: dict[str, list[str]] = {}
    for candidate in found:
        by_table.setdefault(candidate.table, []).append(candidate.row_id)
    rows: list[tuple[str, str]] = []
    for parent, child, column in (
        ("sessions", "attendance", "session_id"),
        ("members", "attendance", "member_id"),
        ("debriefs", "debrief_addenda", "debrief_id"),
        ("debriefs", "follow_ups", "debrief_id"),
        ("incidents", "incident_addenda", "incident_id"),
        ("incidents", "follow_ups", "incident_id"),
    ):
        rows.extend((child, i) for i in _ids_where(conn, child, column, by_table.get(parent, [])))
    for table in HOLDABLE_TABLES:
        records = by_table.get(table, [])
        # Inbox lines and sealed envelopes share their record's (or addendum's) id.
        same_ids = [*records, *(i for t, i in rows if t == _ADDENDA[table])]
        rows.extend(("inbox", i) for i in _ids_where(conn, "inbox", "id", same_ids))
        rows.extend(
            ("sealed_records", i) for i in _ids_where(conn, "sealed_records", "id", same_ids)
        )
        rows.extend(("retention_holds", i) for i in hold_row_ids(conn, table, records))
    for table in ("debriefs", "incidents", "supervision", "sessions", "members"):
        rows.extend((table, i) for i in by_table.get(table, []))
    # A register mark can belong to a session and to a member who left, both going.
    return list(dict.fromkeys(rows))


_ADDENDA = {"debriefs": "debrief_addenda", "incidents": "incident_addenda"}


def _ids_where(conn: Any, table: str, column: str, values: list[str]) -> list[str]:
    found: list[str] = []
    for start in range(0, len(values), 500):
        chunk = values[start : start + 500]
        found.extend(
            str(r[0])
            for r in conn.execute(
                f"SELECT id FROM {table} WHERE {column} IN ({_marks(chunk)})",  # noqa: S608
                chunk,
            )
        )
    return found


def _marks(values: list[str]) -> str:
    return ", ".join("?" for _ in values)


# --- the purge log -------------------------------------------------------------


class PurgeHow:
    BY_HAND = "by-hand"  # the coordinator, after the review list
    SCHEDULE = "schedule"  # a laptop, on the coordinator's schedule
    FROM_COORDINATOR = "from-coordinator"  # a laptop, as the coordinator's purge arrived


@dataclass(frozen=True)
class PurgeLogRow:
    purged_at: str
    record_type: str
    removed: int
    held_kept: int
    how: str
    by_person: str | None


def write_purge_log(conn: Any, row: PurgeLogRow) -> None:
    conn.execute(
        "INSERT INTO purge_log (purged_at, record_type, removed, held_kept, how, by_person) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        [row.purged_at, row.record_type, row.removed, row.held_kept, row.how, row.by_person],
    )


def load_purge_log(conn: Any, limit: int = 200) -> list[PurgeLogRow]:
    """Newest first."""
    return [
        PurgeLogRow(str(a), str(b), int(c), int(d), str(e), None if f is None else str(f))
        for a, b, c, d, e, f in conn.execute(
            "SELECT purged_at, record_type, removed, held_kept, how, by_person FROM purge_log "
            "ORDER BY purged_at DESC, id LIMIT ?",
            [limit],
        )
    ]


def due_candidates(
    conn: Any, rules: RetentionRules, today: dt.date, types: Iterable[RecordType] = RecordType
) -> list[Candidate]:
    """Every record of these types old enough to go today, held or not."""
    found: list[Candidate] = []
    for record_type in types:
        found.extend(candidates(conn, record_type, cutoff(today, rules.months_for(record_type))))
    return found
