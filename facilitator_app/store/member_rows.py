"""Members table: rows in and out of domain values."""

from __future__ import annotations

from typing import Any

from facilitator_app.domain.members import ContactPreference, Member, MemberFields
from facilitator_app.store.changes import Value
from facilitator_app.store.codec import date_in, date_out

_COLUMNS = (
    "id, group_id, name, contact_preference, consent_given_on, consent_withdrawn_on, archived_on"
)


def member_values(fields: MemberFields) -> dict[str, Value]:
    return {
        "name": fields.name,
        "contact_preference": fields.contact_preference.value,
        "consent_given_on": date_out(fields.consent_given_on),
        "consent_withdrawn_on": date_out(fields.consent_withdrawn_on),
    }


def _member(row: Any) -> Member:
    return Member(
        id=row[0],
        group_id=row[1],
        fields=MemberFields(
            name=row[2],
            contact_preference=ContactPreference(row[3]),
            consent_given_on=date_in(row[4]),
            consent_withdrawn_on=date_in(row[5]),
        ),
        archived_on=date_in(row[6]),
    )


def load_member(conn: Any, member_id: str) -> Member | None:
    row = conn.execute(f"SELECT {_COLUMNS} FROM members WHERE id = ?", [member_id]).fetchone()  # noqa: S608
    return None if row is None else _member(row)


def load_members(conn: Any, group_id: str, *, include_archived: bool) -> list[Member]:
    archived = "" if include_archived else "AND archived_on IS NULL"
    rows = conn.execute(
        f"SELECT {_COLUMNS} FROM members WHERE group_id = ? {archived} "  # noqa: S608
        "ORDER BY name COLLATE NOCASE, id",
        [group_id],
    ).fetchall()
    return [_member(row) for row in rows]
