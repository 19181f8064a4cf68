"""The coordinator's inbox: one query per kind of record, no record text, no JSON parsing.

A record with no inbox row was written on this store, so it counts as read. An
addendum has its own inbox row (with parent_id), so its receipt can travel back
on its own; an unread addendum makes its record unread again.
"""

from __future__ import annotations

from typing import Any

TRIGGERED_PROTOCOL = "facilitator-triggered"

_ADDENDA = """
       (SELECT count(*) FROM {addenda} AS a WHERE a.{parent} = r.id),
       (SELECT count(*) FROM inbox AS x WHERE x.parent_id = r.id AND x.opened_at IS NULL),
"""

DEBRIEF_LINES_SQL = (
    """
SELECT r.id, 'debrief', r.session_date, g.name, p.name, i.arrived_at,
       i.id IS NOT NULL AND i.opened_at IS NULL, i.reviewed_at IS NOT NULL,
       r.safeguarding, r.wants_contact,
       r.incident_ids != '[]',"""
    + _ADDENDA.format(addenda="debrief_addenda", parent="debrief_id")
    + """
       i.contacted_at IS NOT NULL, r.author_id, r.group_id, r.session_id
FROM debriefs AS r
LEFT JOIN inbox AS i ON i.id = r.id
LEFT JOIN groups AS g ON g.id = r.group_id
LEFT JOIN people AS p ON p.id = r.author_id
WHERE r.status = 'submitted'
"""
)

INCIDENT_LINES_SQL = (
    """
SELECT r.id, 'incident', substr(r.started_at, 1, 10), g.name, p.name, i.arrived_at,
       i.id IS NOT NULL AND i.opened_at IS NULL, i.reviewed_at IS NOT NULL,
       r.safeguarding IS NOT NULL,
       r.facilitator_needs_support OR r.protocol_id = '"""
    + TRIGGERED_PROTOCOL
    + """',
       1,"""
    + _ADDENDA.format(addenda="incident_addenda", parent="incident_id")
    + """
       i.contacted_at IS NOT NULL, r.author_id, r.group_id, r.session_id
FROM incidents AS r
LEFT JOIN inbox AS i ON i.id = r.id
LEFT JOIN groups AS g ON g.id = r.group_id
LEFT JOIN people AS p ON p.id = r.author_id
WHERE r.status = 'submitted'
"""
)


# The Home tab's questions, asked of a few rows rather than of every line.
_NOT_CONTACTED = " AND i.contacted_at IS NULL"
DEBRIEF_CONTACT_SQL = DEBRIEF_LINES_SQL + " AND r.wants_contact" + _NOT_CONTACTED
INCIDENT_CONTACT_SQL = (
    INCIDENT_LINES_SQL
    + f" AND (r.facilitator_needs_support OR r.protocol_id = '{TRIGGERED_PROTOCOL}')"
    + _NOT_CONTACTED
)
# A record is unread when its own inbox row, or one of its addenda's, is unopened.
UNREAD_COUNT_SQL = """
WITH unopened AS (SELECT coalesce(parent_id, id) AS id FROM inbox WHERE opened_at IS NULL)
SELECT (SELECT count(*) FROM debriefs
        WHERE status = 'submitted' AND id IN (SELECT id FROM unopened))
     + (SELECT count(*) FROM incidents
        WHERE status = 'submitted' AND id IN (SELECT id FROM unopened))
"""


def load_inbox_rows(conn: Any) -> list[Any]:
    """Every submitted record's inbox line, debriefs then incidents (callers sort)."""
    return [*conn.execute(DEBRIEF_LINES_SQL), *conn.execute(INCIDENT_LINES_SQL)]


def load_contact_rows(conn: Any) -> list[Any]:
    """The lines of records whose author asked for contact and has not had it recorded."""
    return [*conn.execute(DEBRIEF_CONTACT_SQL), *conn.execute(INCIDENT_CONTACT_SQL)]


def count_unread(conn: Any) -> int:
    return int(conn.execute(UNREAD_COUNT_SQL).fetchone()[0])


def inbox_state(conn: Any, record_id: str) -> Any:
    return conn.execute(
        "SELECT kind, author_id, arrived_at, opened_at, opened_by, reviewed_at, reviewed_by,"
        " review_note, contacted_at, contacted_by, contact_note FROM inbox WHERE id = ?",
        [record_id],
    ).fetchone()


def unopened_addenda(conn: Any, record_id: str) -> list[str]:
    return [
        str(row[0])
        for row in conn.execute(
            "SELECT id FROM inbox WHERE parent_id = ? AND opened_at IS NULL", [record_id]
        )
    ]
