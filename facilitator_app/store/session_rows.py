"""Sessions and attendance tables: rows in and out of domain values."""

from __future__ import annotations

import datetime as dt
from typing import Any

from facilitator_app.domain.sessions import (
    OnTheNight,
    RegisterLine,
    Session,
    SessionFields,
    SessionStatus,
)
from facilitator_app.store.changes import Value
from facilitator_app.store.codec import date_in, date_out, time_in, time_out

_COLUMNS = (
    "id, group_id, date, start_time, end_time, venue, topic, lead_id, co_facilitator_id, "
    "status, notes, headcount, lead_locked, co_locked, actual_lead_id, actual_co_id, "
    "chosen_by_group"
)


def session_values(fields: SessionFields) -> dict[str, Value]:
    return {
        "date": date_out(fields.date),
        "start_time": time_out(fields.start_time),
        "end_time": time_out(fields.end_time),
        "venue": fields.venue,
        "topic": fields.topic,
        "lead_id": fields.lead_id,
        "co_facilitator_id": fields.co_facilitator_id,
    }


def _session(row: Any) -> Session:
    date = date_in(row[2])
    assert date is not None  # noqa: S101 - the column is NOT NULL
    return Session(
        id=row[0],
        group_id=row[1],
        fields=SessionFields(
            date=date,
            start_time=time_in(row[3]),
            end_time=time_in(row[4]),
            venue=row[5],
            topic=row[6],
            lead_id=row[7],
            co_facilitator_id=row[8],
        ),
        status=SessionStatus(row[9]),
        notes=row[10],
        headcount=row[11],
        lead_locked=bool(row[12]),
        co_locked=bool(row[13]),
        on_the_night=OnTheNight(row[14], row[15], bool(row[16])),
    )


def load_session(conn: Any, session_id: str) -> Session | None:
    row = conn.execute(f"SELECT {_COLUMNS} FROM sessions WHERE id = ?", [session_id]).fetchone()  # noqa: S608
    return None if row is None else _session(row)


def load_sessions(conn: Any, group_id: str) -> list[Session]:
    rows = conn.execute(
        f"SELECT {_COLUMNS} FROM sessions WHERE group_id = ? "  # noqa: S608
        "ORDER BY date, start_time, id",
        [group_id],
    ).fetchall()
    return [_session(row) for row in rows]


def load_sessions_between(conn: Any, first: dt.date, last: dt.date) -> list[Session]:
    """Every group's sessions from `first` to `last` inclusive."""
    rows = conn.execute(
        f"SELECT {_COLUMNS} FROM sessions WHERE date BETWEEN ? AND ? "  # noqa: S608
        "ORDER BY date, start_time, id",
        [date_out(first), date_out(last)],
    ).fetchall()
    return [_session(row) for row in rows]


def load_register(conn: Any, session_id: str, group_id: str) -> list[RegisterLine]:
    """Every current member of the group, plus anyone already marked for this session."""
    rows = conn.execute(
        """
        SELECT m.id, m.name, COALESCE(a.present, 0)
        FROM members m
        LEFT JOIN attendance a ON a.member_id = m.id AND a.session_id = ?
        WHERE m.group_id = ?
          AND ((m.archived_on IS NULL AND m.consent_withdrawn_on IS NULL) OR a.id IS NOT NULL)
        ORDER BY m.name COLLATE NOCASE, m.id
        """,
        [session_id, group_id],
    ).fetchall()
    return [RegisterLine(member_id=r[0], name=r[1], present=bool(r[2])) for r in rows]


def attendance_id(conn: Any, session_id: str, member_id: str) -> str | None:
    row = conn.execute(
        "SELECT id FROM attendance WHERE session_id = ? AND member_id = ?",
        [session_id, member_id],
    ).fetchone()
    return None if row is None else str(row[0])
