"""Rows that may name one member: what subject access reads and erasure changes.

A member belongs to one group, and a pseudonym is only unique within a group (two
groups may each have a "Sam"), so mentions are looked for in the records of the
member's own group, and in any record linked to the member by id.

The facilitators who work with the group, or once did (`person_groups`, removed links
included), may have written about the member outside the group's records: in their
supervision notes, the reasons for their pauses, their readiness notes and incident
records with no group. Those are looked at too. Only the notes are: a facilitator's
own name stays as it is, even when it is the member's pseudonym as well.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

from facilitator_app.domain.store_role import StoreRole
from facilitator_app.store.erased_names import names_of

# The free text of each table a member's pseudonym may be typed into (JSON included).
TEXT_FIELDS: dict[str, tuple[str, ...]] = {
    "sessions": ("topic", "notes"),
    "debriefs": ("how_notes", "topics", "went_well", "concerns", "present"),
    "debrief_addenda": ("text",),
    "incidents": ("run", "notes", "safeguarding"),
    "incident_addenda": ("text",),
    "follow_ups": ("what",),
    "inbox": ("review_note", "contact_note"),
    # notes about the group's facilitators (only `readiness_notes` of a person: never a name)
    "supervision": ("note",),
    "pauses": ("reason",),
    "people": ("readiness_notes",),
}
# The tables of notes about facilitators, rather than records of the group.
FACILITATOR_NOTES = ("supervision", "pauses", "people")


def scrubbed_fields(table: str) -> tuple[str, ...]:
    """The fields erasure changes in a row and in its old values: the free text, and the
    member an incident record is about. Nothing else of the row is touched."""
    return TEXT_FIELDS[table] + (("member_id",) if table == "incidents" else ())


@dataclass(frozen=True)
class Candidate:
    """A row that may name the member, with the record it belongs to (for holds)."""

    table: str
    row_id: str
    # ("debriefs" or "incidents", id) for a record and its parts; None for a session
    record: tuple[str, str] | None
    values: dict[str, Any]


@dataclass(frozen=True)
class MemberFacts:
    """What this store knows of a member, even after their row has gone."""

    member_id: str
    group_id: str
    names: tuple[str, ...]  # the current name first, then earlier ones
    row: dict[str, Any] | None  # the members row, if it is in its table


def member_facts(conn: Any, member_id: str) -> MemberFacts | None:
    """The member's group and every name this store holds for them; None if unknown."""
    row = conn.execute(
        "SELECT group_id, name, contact_preference, consent_given_on, consent_withdrawn_on, "
        "archived_on FROM members WHERE id = ?",
        [member_id],
    ).fetchone()
    state = conn.execute(
        "SELECT json_extract(fields, '$.group_id[0]'), json_extract(fields, '$.name[0]') "
        "FROM row_state WHERE table_name = 'members' AND row_id = ?",
        [member_id],
    ).fetchone()
    erased = conn.execute("SELECT group_id FROM erasures WHERE id = ?", [member_id]).fetchone()
    names: list[str] = []
    group_id = None
    if row is not None:
        group_id = row[0]
        names.append(str(row[1]))
    if state is not None:
        group_id = group_id or state[0]
        if state[1]:
            names.append(str(state[1]))
    if erased is not None:
        group_id = group_id or erased[0]
    if group_id is None:
        return None
    names.extend(names_of(conn, member_id))
    names.extend(
        str(value)
        for (value,) in conn.execute(
            "SELECT json_extract(value, '$') FROM change_log "
            "WHERE table_name = 'members' AND row_id = ? AND field = 'name' ORDER BY seq DESC",
            [member_id],
        )
        if value
    )
    columns = (
        "group_id",
        "name",
        "contact_preference",
        "consent_given_on",
        "consent_withdrawn_on",
        "archived_on",
    )
    return MemberFacts(
        member_id,
        str(group_id),
        tuple(dict.fromkeys(names)),
        None if row is None else dict(zip(columns, row, strict=True)),
    )


def candidates(conn: Any, member_id: str, group_id: str) -> list[Candidate]:
    """Every row of the group's records, of records linked to the member, and of notes
    about the group's facilitators, that has free text; the caller decides which of them
    name the member."""
    linked, linked_args = _group_facilitators(conn, group_id)
    found: list[Candidate] = []
    found += _rows(conn, "sessions", "group_id = ?", [group_id], None)
    debriefs = _rows(
        conn, "debriefs", "group_id = ? OR instr(present, ?) > 0", [group_id, member_id], "id"
    )
    incidents = _rows(
        conn,
        "incidents",
        f"group_id = ? OR member_id = ? OR (group_id IS NULL AND author_id IN ({linked}))",
        [group_id, member_id, *linked_args],
        "id",
        extra=("member_id",),
    )
    found += debriefs + incidents
    for records, addenda, parent in (
        (debriefs, "debrief_addenda", "debrief_id"),
        (incidents, "incident_addenda", "incident_id"),
    ):
        ids = [c.row_id for c in records]
        parts = _rows_in(conn, addenda, parent, ids)
        found += parts
        found += _rows_in(conn, "follow_ups", parent, ids)
        # An inbox line shares its record's (or addendum's) id, and goes with its record.
        owner = {c.row_id: c.record for c in (*records, *parts)}
        found += [
            replace(line, record=owner.get(line.row_id))
            for line in _rows_in(conn, "inbox", "id", owner)
        ]
    # No hold reaches these notes (retention_rows.HOLDABLE_TABLES): no record to go with.
    found += _rows(conn, "supervision", f"person_id IN ({linked})", linked_args, None)
    found += _rows(conn, "pauses", f"person_id IN ({linked})", linked_args, None)
    found += _rows(conn, "people", f"id IN ({linked})", linked_args, None)
    return found


def group_facilitators(conn: Any, group_id: str) -> dict[str, str]:
    """Id and name of each person whose notes `candidates` looks at for this group."""
    linked, args = _group_facilitators(conn, group_id)
    return {
        str(person_id): str(name)
        for person_id, name in conn.execute(
            f"SELECT id, name FROM people WHERE id IN ({linked})",  # noqa: S608
            args,
        )
    }


def _group_facilitators(conn: Any, group_id: str) -> tuple[str, list[str]]:
    """A sub-select of the people who work with the group or once did, and its arguments.

    On a facilitator's laptop, only its owner: whatever it holds of a colleague is the
    coordinator's to change (the coordinator's permit refuses a laptop's edit of it).
    """
    meta = dict(
        conn.execute(
            "SELECT key, value FROM meta WHERE key IN ('role', 'owner_person_id')"
        ).fetchall()
    )
    if meta.get("role") == StoreRole.COORDINATOR.value:
        return "SELECT person_id FROM person_groups WHERE group_id = ?", [group_id]
    return (
        "SELECT person_id FROM person_groups WHERE group_id = ? AND person_id = ?",
        [group_id, str(meta.get("owner_person_id"))],
    )


_RECORD_OF = {
    "debriefs": ("debriefs", "id"),
    "incidents": ("incidents", "id"),
    "debrief_addenda": ("debriefs", "debrief_id"),
    "incident_addenda": ("incidents", "incident_id"),
}


def _rows(
    conn: Any,
    table: str,
    where: str,
    args: list[Any],
    record_column: str | None,
    extra: tuple[str, ...] = (),
) -> list[Candidate]:
    fields = TEXT_FIELDS[table] + extra
    record_table = _RECORD_OF.get(table, (table, ""))[0]
    picked = ", ".join(("id", *fields))
    found = []
    for row in conn.execute(f"SELECT {picked} FROM {table} WHERE {where}", args):  # noqa: S608
        values = dict(zip(fields, row[1:], strict=True))
        record = (record_table, str(row[0])) if record_column else None
        found.append(Candidate(table, str(row[0]), record, values))
    return found


def _rows_in(conn: Any, table: str, column: str, ids: Iterable[str]) -> list[Candidate]:
    """Rows of `table` whose `column` is one of `ids`, each with the record it is part of."""
    wanted = list(dict.fromkeys(ids))
    fields = TEXT_FIELDS[table]
    extra = {
        "follow_ups": ("incident_id", "debrief_id"),
        "debrief_addenda": ("debrief_id",),
        "incident_addenda": ("incident_id",),
    }.get(table, ())
    picked = ", ".join(("id", *extra, *fields))
    found = []
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        marks = ", ".join("?" for _ in chunk)
        for row in conn.execute(
            f"SELECT {picked} FROM {table} WHERE {column} IN ({marks})",  # noqa: S608
            chunk,
        ):
            links = dict(zip(extra, row[1 : 1 + len(extra)], strict=True))
            values = dict(zip(fields, row[1 + len(extra) :], strict=True))
            found.append(Candidate(table, str(row[0]), _record(table, row[0], links), values))
    return found


def changed_text_rows(conn: Any, seq: int) -> dict[tuple[str, str], dict[str, Any]]:
    """The free text (and an incident record's member) of every row that changed at `seq`."""
    found: dict[tuple[str, str], dict[str, Any]] = {}
    for table in TEXT_FIELDS:
        fields = scrubbed_fields(table)
        picked = ", ".join(("id", *fields))
        for row in conn.execute(
            f"SELECT {picked} FROM {table} WHERE id IN "  # noqa: S608 - names from TEXT_FIELDS
            "(SELECT row_id FROM row_state WHERE table_name = ? AND seq = ?)",
            [table, seq],
        ):
            found[(table, str(row[0]))] = dict(zip(fields, row[1:], strict=True))
    return found


def _record(table: str, row_id: str, links: dict[str, Any]) -> tuple[str, str] | None:
    if links.get("debrief_id"):
        return ("debriefs", str(links["debrief_id"]))
    if links.get("incident_id"):
        return ("incidents", str(links["incident_id"]))
    return None


def attendance_ids(conn: Any, member_id: str) -> list[str]:
    """The member's register marks: in their table, and any deleted one whose values the
    merge state still keeps."""
    live = [
        str(r[0])
        for r in conn.execute("SELECT id FROM attendance WHERE member_id = ?", [member_id])
    ]
    kept = [
        str(r[0])
        for r in conn.execute(
            "SELECT row_id FROM row_state WHERE table_name = 'attendance' "
            "AND json_extract(fields, '$.member_id[0]') = ?",
            [member_id],
        )
    ]
    return list(dict.fromkeys([*live, *kept]))


def sealed_ids(conn: Any, ids: Iterable[str]) -> list[str]:
    """Sealed envelopes (which share their record's id) among `ids`."""
    wanted = list(ids)
    found: list[str] = []
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        marks = ", ".join("?" for _ in chunk)
        found += [
            str(r[0])
            for r in conn.execute(
                f"SELECT id FROM sealed_records WHERE id IN ({marks})",  # noqa: S608
                chunk,
            )
        ]
    return found
