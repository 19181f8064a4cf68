"""Subject access: everything this store holds about one member, as a PDF and a JSON file.

Under UK GDPR a member may ask for every record about them (answered within a month).
This gathers the member's own row, their group, register marks, and every session,
debrief and incident record (with its additions, follow-ups and inbox notes) that is
linked to them or names them by pseudonym (whole words, any case, in their group's
records), with any safeguarding hold and the retention and erasure facts. Other
members' pseudonyms in those texts are replaced by "[another member]". Both files
carry the same content; the JSON is versioned so a later reader knows its shape.

Notes about the group's facilitators that name the member (supervision notes, reasons
for pauses, readiness notes: `facilitator_notes`, each a kind, a date or None, and the
text) are included without saying whose they are. They are not about one group, so
in them every other member of the store is "[another member]"; so it is in incident
records with no group. They are about a facilitator too, so whoever saves the files
is told to read them before sending (`SubjectAccessFiles.facilitator_notes`).
`facilitator_notes` was added to version 1 (adding a key is compatible): a file made
before has no such key, which means none were included.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from facilitator_app.documents.page import PageOptions
from facilitator_app.documents.subject_access_pdf import render_subject_access
from facilitator_app.domain.audit import AuditAction, AuditKind
from facilitator_app.domain.erasure import (
    ANOTHER_MEMBER,
    ERASED_MEMBER,
    mention_pattern,
    scrub,
)
from facilitator_app.domain.errors import NotFound
from facilitator_app.domain.incidents import SafeguardingKind
from facilitator_app.domain.members import ContactPreference
from facilitator_app.domain.protocols import RecordField
from facilitator_app.domain.retention import RecordType
from facilitator_app.services.audit import recording
from facilitator_app.services.erasure import member_in_reach
from facilitator_app.services.output_files import CannotWrite, write_file
from facilitator_app.store.erasure_rows import (
    FACILITATOR_NOTES,
    Candidate,
    candidates,
    member_facts,
)
from facilitator_app.store.retention_rows import hold_of, load_rules
from facilitator_app.store.store import Store

FORMAT = "facilitator_app/subject-access"
FORMAT_VERSION = 1
_DEBRIEF_TEXTS = (
    ("how_notes", "Notes on how it went"),
    ("topics", "Topics covered"),
    ("went_well", "What went well"),
    ("concerns", "Anything of concern"),
)


# Each kind of note about a facilitator: its words, and the column of its date.
_NOTE_KINDS = {
    "supervision": ("Supervision note", "held_on"),
    "pauses": ("Reason for a pause", "starts_on"),
    "people": ("Readiness notes", None),
}


@dataclass(frozen=True)
class SubjectAccessFiles:
    pdf: Path
    json: Path
    records: int  # sessions, debriefs and incident records included
    facilitator_notes: int = 0  # notes about facilitators included: read before sending


def subject_access(store: Store, member_id: str) -> dict[str, Any]:
    """Everything held about the member, as plain values (what both files show)."""
    facts = member_facts(store.conn, member_id)
    if facts is None or facts.row is None or not member_in_reach(store, facts.group_id):
        raise NotFound("That member is not in this store.")
    conn = store.conn
    own = mention_pattern(facts.names)
    others = mention_pattern(
        str(name)
        for (name,) in conn.execute(
            "SELECT name FROM members WHERE group_id = ? AND id != ?", [facts.group_id, member_id]
        )
        if own is None or not own.fullmatch(str(name))
    )

    # Notes not about one group may name members of any group.
    everyone_else = mention_pattern(
        str(name)
        for (name,) in conn.execute("SELECT name FROM members WHERE id != ?", [member_id])
        if own is None or not own.fullmatch(str(name))
    )

    def text(value: Any) -> str:
        """A text as given to the member: other members' pseudonyms taken out."""
        return str(scrub(value or "", others, ANOTHER_MEMBER))

    def wide_text(value: Any) -> str:
        """`text` for a text not about one group: every other member taken out."""
        return str(scrub(value or "", everyone_else, ANOTHER_MEMBER))

    found = candidates(conn, member_id, facts.group_id)
    named = {
        (c.record or (c.table, c.row_id))
        for c in found
        if any(scrub(v, own, ERASED_MEMBER, member_id) != v for v in c.values.values())
    }
    group = conn.execute(
        "SELECT name, archived_on FROM groups WHERE id = ?", [facts.group_id]
    ).fetchone()
    row = facts.row
    rules = load_rules(conn)
    report: dict[str, Any] = {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "made_on": store.today().isoformat(),
        "member": {
            "name": row["name"],
            "group": group[0] if group else "",
            "contact_preference": ContactPreference(row["contact_preference"]).label,
            "consent_given_on": row["consent_given_on"],
            "consent_withdrawn_on": row["consent_withdrawn_on"],
            "left_group_on": row["archived_on"],
        },
        "attendance": [
            {"date": date, "present": bool(present)}
            for date, present in conn.execute(
                "SELECT s.date, a.present FROM attendance AS a JOIN sessions AS s "
                "ON s.id = a.session_id WHERE a.member_id = ? ORDER BY s.date",
                [member_id],
            )
        ],
        "sessions": [
            {"date": date, "topic": text(topic), "notes": text(notes)}
            for date, topic, notes, session_id in conn.execute(
                "SELECT date, topic, notes, id FROM sessions WHERE group_id = ? ORDER BY date",
                [facts.group_id],
            )
            if ("sessions", session_id) in named
        ],
        "incident_records": _incidents(store, found, named, member_id, text, wide_text),
        "debriefs": _debriefs(store, found, named, member_id, text),
        "facilitator_notes": _facilitator_notes(store, found, named, wide_text),
        "retention": {
            record_type.label: rules.months_for(record_type)
            for record_type in (
                RecordType.SESSIONS,
                RecordType.DEBRIEFS,
                RecordType.INCIDENTS,
                RecordType.SAFEGUARDING,
                RecordType.MEMBERS_LEFT,
            )
        },
        "erased_on": _erased_on(store, member_id),
    }
    return report


def record_count(report: dict[str, Any]) -> int:
    return len(report["sessions"]) + len(report["incident_records"]) + len(report["debriefs"])


def save_subject_access(
    store: Store, member_id: str, folder: Path, options: PageOptions | None = None
) -> SubjectAccessFiles:
    """Write the PDF and the JSON file into `folder`, both or neither; recorded in the
    audit log (the member's id and how many records, never a name)."""
    report = subject_access(store, member_id)
    if not folder.is_dir():
        raise CannotWrite(f"Could not save the files: {folder} is not a folder that exists.")
    pdf = render_subject_access(report, store.facts.organisation, options or PageOptions())
    data = json.dumps(report, indent=2, ensure_ascii=False).encode("utf-8")
    pdf_path, json_path = _free_names(folder, store.today())
    count = record_count(report)
    with recording(store, AuditAction.SUBJECT_ACCESS_EXPORT, AuditKind.MEMBER, member_id, count):
        write_file(pdf_path, pdf)
        try:
            write_file(json_path, data)
        except CannotWrite:
            with contextlib.suppress(OSError):
                pdf_path.unlink()
            raise
    return SubjectAccessFiles(pdf_path, json_path, count, len(report["facilitator_notes"]))


def _free_names(folder: Path, day: dt.date) -> tuple[Path, Path]:
    """Neutral names (no member's name), numbered so nothing already there is replaced."""
    stem = f"subject-access-{day.isoformat()}"
    number = 1
    while True:
        name = stem if number == 1 else f"{stem}-{number}"
        pdf, data = folder / f"{name}.pdf", folder / f"{name}.json"
        if not pdf.exists() and not data.exists():
            return pdf, data
        number += 1


def _held(store: Store, table: str, record_id: str) -> bool:
    return hold_of(store.conn, table, record_id) is not None


def _parts(found: list[Candidate], record: tuple[str, str], table: str) -> list[Candidate]:
    return [c for c in found if c.record == record and c.table == table]


def _additions(store: Store, table: str, parent: str, record_id: str, text: Any) -> list[Any]:
    return [
        {"written_at": written_at, "text": text(body)}
        for written_at, body in store.conn.execute(
            f"SELECT written_at, text FROM {table} WHERE {parent} = ? "  # noqa: S608
            "ORDER BY written_at, id",
            [record_id],
        )
    ]


def _follow_ups(store: Store, column: str, record_id: str, text: Any) -> list[Any]:
    return [
        {"what": text(what), "due_on": due_on, "done_on": done_on}
        for what, due_on, done_on in store.conn.execute(
            f"SELECT what, due_on, done_on FROM follow_ups WHERE {column} = ? "  # noqa: S608
            "ORDER BY due_on, id",
            [record_id],
        )
    ]


def _incidents(
    store: Store,
    found: list[Candidate],
    named: set[Any],
    member_id: str,
    group_text: Any,
    wide_text: Any,
) -> list[Any]:
    lines = []
    for (
        incident_id,
        group_id,
        started_at,
        member,
        run,
        notes,
        safeguarding,
        status,
    ) in store.conn.execute(
        "SELECT id, group_id, started_at, member_id, run, notes, safeguarding, status "
        "FROM incidents ORDER BY started_at, id"
    ):
        record = ("incidents", incident_id)
        if record not in named:
            continue
        # A record with no group (written by one of the group's facilitators) may name
        # members of any group.
        text = group_text if group_id is not None else wide_text
        written = json.loads(notes or "{}")
        lines.append(
            {
                "date": str(started_at)[:10],
                "protocol": str(json.loads(run).get("protocol", {}).get("title", "")),
                "about_this_member": member == member_id,
                "status": status,
                "notes": {_note_label(key): text(value) for key, value in written.items()},
                "safeguarding": _safeguarding_kind(safeguarding),
                "additions": _additions(
                    store, "incident_addenda", "incident_id", incident_id, text
                ),
                "follow_ups": _follow_ups(store, "incident_id", incident_id, text),
                "inbox_notes": _inbox_notes(found, record, text),
                "safeguarding_hold": _held(store, "incidents", incident_id),
            }
        )
    return lines


def _debriefs(
    store: Store, found: list[Candidate], named: set[Any], member_id: str, text: Any
) -> list[Any]:
    lines = []
    for candidate in found:
        if candidate.table != "debriefs" or candidate.record not in named:
            continue
        debrief_id = candidate.row_id
        row = store.conn.execute(
            "SELECT session_date, status, present, how_notes, topics, went_well, concerns "
            "FROM debriefs WHERE id = ?",
            [debrief_id],
        ).fetchone()
        present = json.loads(row[2] or "[]")
        lines.append(
            {
                "date": row[0],
                "status": row[1],
                "marked_present": any(pair[0] == member_id for pair in present),
                "texts": {
                    label: text(value)
                    for (_, label), value in zip(_DEBRIEF_TEXTS, row[3:], strict=True)
                    if value
                },
                "additions": _additions(store, "debrief_addenda", "debrief_id", debrief_id, text),
                "follow_ups": _follow_ups(store, "debrief_id", debrief_id, text),
                "inbox_notes": _inbox_notes(found, ("debriefs", debrief_id), text),
                "safeguarding_hold": _held(store, "debriefs", debrief_id),
            }
        )
    return sorted(lines, key=lambda line: str(line["date"]))


def _facilitator_notes(
    store: Store, found: list[Candidate], named: set[Any], text: Any
) -> list[dict[str, Any]]:
    """Notes about the group's facilitators that name the member: never whose they are."""
    lines = []
    for candidate in found:
        key = (candidate.table, candidate.row_id)
        if candidate.table not in FACILITATOR_NOTES or key not in named:
            continue
        kind, date_column = _NOTE_KINDS[candidate.table]
        date = None
        if date_column is not None:
            (date,) = store.conn.execute(
                f"SELECT {date_column} FROM {candidate.table} WHERE id = ?",  # noqa: S608
                [candidate.row_id],
            ).fetchone()
        (body,) = candidate.values.values()
        lines.append({"kind": kind, "date": date, "text": text(body)})
    return sorted(lines, key=lambda line: (line["date"] is None, line["date"] or "", line["kind"]))


def _inbox_notes(found: list[Candidate], record: tuple[str, str], text: Any) -> list[str]:
    return [
        text(value)
        for line in _parts(found, record, "inbox")
        for value in line.values.values()
        if value
    ]


def _safeguarding_kind(text: str | None) -> str | None:
    if not text:
        return None
    kind = json.loads(text).get("kind")
    try:
        return SafeguardingKind(kind).label
    except ValueError:
        return str(kind)


def _note_label(key: str) -> str:
    try:
        return RecordField(key).label
    except ValueError:
        return key


def _erased_on(store: Store, member_id: str) -> str | None:
    row = store.conn.execute("SELECT erased_at FROM erasures WHERE id = ?", [member_id]).fetchone()
    return None if row is None else str(row[0])[:10]
