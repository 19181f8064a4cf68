"""People table: facilitators, support workers and coordinators known to this store."""

from __future__ import annotations

from typing import Any

from facilitator_app.domain.people import Person, PersonRole
from facilitator_app.store.codec import date_in

_COLUMNS = "id, name, role, archived_on"


def _person(row: Any) -> Person:
    return Person(id=row[0], name=row[1], role=PersonRole(row[2]), archived_on=date_in(row[3]))


def load_person(conn: Any, person_id: str) -> Person | None:
    row = conn.execute(f"SELECT {_COLUMNS} FROM people WHERE id = ?", [person_id]).fetchone()  # noqa: S608
    return None if row is None else _person(row)


def load_people(conn: Any, *, include_archived: bool) -> list[Person]:
    where = "" if include_archived else "WHERE archived_on IS NULL"
    rows = conn.execute(
        f"SELECT {_COLUMNS} FROM people {where} ORDER BY name COLLATE NOCASE, id"  # noqa: S608
    ).fetchall()
    return [_person(row) for row in rows]
