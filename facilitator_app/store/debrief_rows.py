"""Debriefs and their addenda: rows in and out of domain values."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from facilitator_app.domain.debriefs import (
    Debrief,
    DebriefFields,
    DebriefStatus,
    HowItWent,
    PresentMember,
)
from facilitator_app.domain.incidents import Addendum
from facilitator_app.store.changes import Value

_COLUMNS = (
    "id, session_id, group_id, session_date, author_id, recipient_id, status, submitted_at, "
    "present, how_it_went, how_notes, topics, went_well, concerns, incident_ids, "
    "safeguarding, safeguarding_incident_id, wellbeing, wants_contact, saved_at"
)


def debrief_values(
    fields: DebriefFields, present: tuple[PresentMember, ...], incident_ids: tuple[str, ...]
) -> dict[str, Value]:
    return {
        "recipient_id": fields.recipient_id,
        "present_count": len(present),
        "present": json.dumps([[member.id, member.name] for member in present]),
        "how_it_went": fields.how_it_went.value if fields.how_it_went else None,
        "how_notes": fields.how_notes,
        "topics": fields.topics,
        "went_well": fields.went_well,
        "concerns": fields.concerns,
        "incident_ids": json.dumps(list(incident_ids)),
        "safeguarding": int(fields.safeguarding),
        "safeguarding_incident_id": fields.safeguarding_incident_id,
        "wellbeing": fields.wellbeing,
        "wants_contact": int(fields.wants_contact),
    }


def _debrief(row: Any, addenda: tuple[Addendum, ...]) -> Debrief:
    return Debrief(
        id=row[0],
        session_id=row[1],
        group_id=row[2],
        session_date=dt.date.fromisoformat(row[3]),
        author_id=row[4],
        fields=DebriefFields(
            how_it_went=HowItWent(row[9]) if row[9] else None,
            how_notes=row[10],
            topics=row[11],
            went_well=row[12],
            concerns=row[13],
            safeguarding=bool(row[15]),
            safeguarding_incident_id=row[16],
            wellbeing=row[17],
            wants_contact=bool(row[18]),
            recipient_id=row[5],
        ),
        present=tuple(PresentMember(str(i), str(n)) for i, n in json.loads(row[8])),
        incident_ids=tuple(json.loads(row[14])),
        status=DebriefStatus(row[6]),
        submitted_at=dt.datetime.fromisoformat(row[7]) if row[7] else None,
        saved_at=dt.datetime.fromisoformat(row[19]) if row[19] else None,
        addenda=addenda,
    )


def load_addenda(conn: Any, debrief_id: str) -> tuple[Addendum, ...]:
    rows = conn.execute(
        "SELECT id, text, written_at, author_id FROM debrief_addenda WHERE debrief_id = ? "
        "ORDER BY written_at, id",
        [debrief_id],
    ).fetchall()
    return tuple(Addendum(r[0], r[1], dt.datetime.fromisoformat(r[2]), r[3]) for r in rows)


def load_debrief(conn: Any, debrief_id: str) -> Debrief | None:
    row = conn.execute(f"SELECT {_COLUMNS} FROM debriefs WHERE id = ?", [debrief_id]).fetchone()  # noqa: S608
    return None if row is None else _debrief(row, load_addenda(conn, debrief_id))


def load_debriefs(
    conn: Any,
    *,
    session_id: str | None = None,
    group_id: str | None = None,
    first_day: dt.date | None = None,
    last_day: dt.date | None = None,
    status: DebriefStatus | None = None,
) -> list[Debrief]:
    """Oldest session first; addenda with each."""
    where: list[str] = []
    args: list[Any] = []
    # Left to itself SQLite takes the inbox's index for the status (two values) over the
    # session's or group's (a few rows), and reads every debrief: 60 ms instead of 1.
    # The unary + keeps the status from choosing an index when a better one exists.
    narrower = session_id is not None or group_id is not None
    for clause, value in (
        ("session_id = ?", session_id),
        ("group_id = ?", group_id),
        ("session_date >= ?", first_day.isoformat() if first_day else None),
        ("session_date <= ?", last_day.isoformat() if last_day else None),
        ("+status = ?" if narrower else "status = ?", status.value if status else None),
    ):
        if value is not None:
            where.append(clause)
            args.append(value)
    sql = f"SELECT {_COLUMNS} FROM debriefs"  # noqa: S608
    if where:
        sql += " WHERE " + " AND ".join(where)
    rows = conn.execute(sql + " ORDER BY session_date, submitted_at, id", args).fetchall()
    return [_debrief(row, load_addenda(conn, row[0])) for row in rows]
