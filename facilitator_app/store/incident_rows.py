"""Incident records and their addenda: rows in and out of domain values."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from facilitator_app.domain.incidents import (
    Addendum,
    FollowUp,
    Incident,
    IncidentFields,
    IncidentStatus,
    Safeguarding,
    SafeguardingKind,
)
from facilitator_app.domain.protocols import RecordField, run_from_data, run_to_data
from facilitator_app.store.changes import Value
from facilitator_app.store.codec import date_in

_COLUMNS = (
    "id, group_id, session_id, member_id, run, notes, safeguarding, facilitator_needs_support, "
    "status, submitted_at, author_id"
)


def _safeguarding_out(value: Safeguarding | None) -> str | None:
    if value is None:
        return None
    return json.dumps(
        {
            "kind": value.kind.value,
            "person_told": value.person_told,
            "immediate_danger": value.immediate_danger,
        }
    )


def _safeguarding_in(text: str | None) -> Safeguarding | None:
    if not text:
        return None
    data = json.loads(text)
    return Safeguarding(
        SafeguardingKind(data["kind"]), data.get("person_told"), data.get("immediate_danger")
    )


def incident_values(fields: IncidentFields) -> dict[str, Value]:
    run = fields.run
    return {
        "group_id": fields.group_id,
        "session_id": fields.session_id,
        "member_id": fields.member_id,
        "protocol_id": run.protocol.id,
        "protocol_version": run.protocol.version,
        "started_at": run.started_at.isoformat(),
        "ended_at": run.ended_at.isoformat() if run.ended_at else None,
        "run": json.dumps(run_to_data(run)),
        "notes": json.dumps({key.value: text for key, text in fields.notes.items()}),
        "safeguarding": _safeguarding_out(fields.safeguarding),
        "facilitator_needs_support": int(fields.facilitator_needs_support),
    }


def _incident(row: Any, addenda: tuple[Addendum, ...]) -> Incident:
    notes = {RecordField(key): text for key, text in json.loads(row[5]).items()}
    return Incident(
        id=row[0],
        fields=IncidentFields(
            run=run_from_data(json.loads(row[4])),
            group_id=row[1],
            session_id=row[2],
            member_id=row[3],
            notes=notes,
            safeguarding=_safeguarding_in(row[6]),
            facilitator_needs_support=bool(row[7]),
        ),
        status=IncidentStatus(row[8]),
        submitted_at=dt.datetime.fromisoformat(row[9]) if row[9] else None,
        author_id=row[10],
        addenda=addenda,
    )


def _addenda(conn: Any, incident_id: str) -> tuple[Addendum, ...]:
    rows = conn.execute(
        "SELECT id, text, written_at, author_id FROM incident_addenda WHERE incident_id = ? "
        "ORDER BY written_at, id",
        [incident_id],
    ).fetchall()
    return tuple(Addendum(r[0], r[1], dt.datetime.fromisoformat(r[2]), r[3]) for r in rows)


def load_incident(conn: Any, incident_id: str) -> Incident | None:
    row = conn.execute(f"SELECT {_COLUMNS} FROM incidents WHERE id = ?", [incident_id]).fetchone()  # noqa: S608
    return None if row is None else _incident(row, _addenda(conn, incident_id))


def load_incidents(
    conn: Any, *, session_id: str | None = None, status: IncidentStatus | None = None
) -> list[Incident]:
    """Newest first; of one session, or in one status, if asked."""
    where: list[str] = []
    args: list[Any] = []
    if session_id:
        where.append("session_id = ?")
        args.append(session_id)
    if status is not None:
        where.append("status = ?")
        args.append(status.value)
    clause = f"WHERE {' AND '.join(where)}" if where else ""
    rows = conn.execute(
        f"SELECT {_COLUMNS} FROM incidents {clause} ORDER BY started_at DESC, id",  # noqa: S608
        args,
    ).fetchall()
    return [_incident(row, _addenda(conn, row[0])) for row in rows]


# The Incidents list: no record text and no run to rebuild, so 800 records list in a few
# milliseconds rather than 60 (the protocol's title is read from the run by SQLite).
INCIDENT_LINES_SQL = """
SELECT r.id, r.started_at, g.name, json_extract(r.run, '$.protocol.title'),
       r.safeguarding IS NOT NULL, r.facilitator_needs_support, r.status,
       (SELECT count(*) FROM follow_ups AS f WHERE f.incident_id = r.id AND f.done_on IS NULL),
       (SELECT count(*) FROM follow_ups AS f WHERE f.incident_id = r.id
        AND f.done_on IS NOT NULL)
FROM incidents AS r
LEFT JOIN groups AS g ON g.id = r.group_id
ORDER BY r.started_at DESC, r.id
"""


def load_incident_lines(conn: Any) -> list[Any]:
    return list(conn.execute(INCIDENT_LINES_SQL))


def load_follow_ups(
    conn: Any, record_id: str | None = None, *, open_only: bool = False
) -> list[FollowUp]:
    """Follow-ups of one incident or debrief (or all): open ones first, soonest due first."""
    where: list[str] = []
    args: list[Any] = []
    if record_id:
        where.append("(incident_id = ? OR debrief_id = ?)")
        args += [record_id, record_id]
    if open_only:
        where.append("done_on IS NULL")
    clause = f"WHERE {' AND '.join(where)}" if where else ""
    rows = conn.execute(
        "SELECT id, incident_id, what, who_id, due_on, done_on, debrief_id FROM follow_ups "  # noqa: S608
        f"{clause} ORDER BY done_on IS NOT NULL, due_on IS NULL, due_on, id",
        args,
    ).fetchall()
    return [
        FollowUp(r[0], r[1], r[2], r[3], date_in(r[4]), date_in(r[5]), debrief_id=r[6])
        for r in rows
    ]
