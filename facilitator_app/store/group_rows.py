"""Groups table: rows in and out of domain values."""

from __future__ import annotations

from typing import Any

from facilitator_app.domain.groups import Group, GroupFields, GroupKind, Weekday
from facilitator_app.store.changes import Value
from facilitator_app.store.codec import date_in, date_out, time_in, time_out

_COLUMNS = (
    "id, name, kind, cohort_note, venue, usual_day, usual_time, start_date, end_date, "
    "agreement_text, archived_on"
)


def group_values(fields: GroupFields) -> dict[str, Value]:
    return {
        "name": fields.name,
        "kind": fields.kind.value,
        "cohort_note": fields.cohort_note,
        "venue": fields.venue,
        "usual_day": fields.usual_day.value if fields.usual_day else None,
        "usual_time": time_out(fields.usual_time),
        "start_date": date_out(fields.start_date),
        "end_date": date_out(fields.end_date),
        "agreement_text": fields.agreement_text,
    }


def _group(row: Any) -> Group:
    return Group(
        id=row[0],
        fields=GroupFields(
            name=row[1],
            kind=GroupKind(row[2]),
            cohort_note=row[3],
            venue=row[4],
            usual_day=Weekday(row[5]) if row[5] else None,
            usual_time=time_in(row[6]),
            start_date=date_in(row[7]),
            end_date=date_in(row[8]),
            agreement_text=row[9],
        ),
        archived_on=date_in(row[10]),
    )


def load_group(conn: Any, group_id: str) -> Group | None:
    row = conn.execute(f"SELECT {_COLUMNS} FROM groups WHERE id = ?", [group_id]).fetchone()  # noqa: S608
    return None if row is None else _group(row)


def load_groups(conn: Any, *, include_archived: bool) -> list[Group]:
    where = "" if include_archived else "WHERE archived_on IS NULL"
    rows = conn.execute(
        f"SELECT {_COLUMNS} FROM groups {where} ORDER BY name COLLATE NOCASE, id"  # noqa: S608
    ).fetchall()
    return [_group(row) for row in rows]
