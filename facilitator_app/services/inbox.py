"""The coordinator's inbox: debriefs and incident records as they arrive from laptops.

Unread first, then newest session first. Opening a record marks it (and its addenda)
received, which is the receipt its laptop gets in the next bundle; "reviewed" follows
with an optional note. A facilitator who asked to be contacted, or who recorded being
triggered, stays at the top of the home screen until someone records the contact.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, NamedTuple

from facilitator_app.domain.audit import AuditAction, AuditKind
from facilitator_app.domain.debriefs import Debrief
from facilitator_app.domain.errors import NotFound, NotPermitted
from facilitator_app.domain.incidents import FollowUp, Incident
from facilitator_app.domain.records import RecordKind
from facilitator_app.domain.text import clean_note, fold, matches_words
from facilitator_app.services import audit, records
from facilitator_app.store.debrief_rows import load_debrief
from facilitator_app.store.inbox_rows import (
    count_unread,
    inbox_state,
    load_contact_rows,
    load_inbox_rows,
    unopened_addenda,
)
from facilitator_app.store.incident_rows import load_follow_ups, load_incident
from facilitator_app.store.people_rows import load_people
from facilitator_app.store.store import Store

REVIEW_NOTE_MAX = 2_000


class InboxLine(NamedTuple):
    """One record in the list: when, which group, who, and calm flags. Never its text.

    A named tuple, not a dataclass: the inbox makes thousands of these at a time, and a
    frozen dataclass takes several times as long to build (benchmarks/inbox.py).
    """

    id: str
    kind: RecordKind
    on_date: dt.date
    group_name: str
    author_name: str
    arrived_at: dt.datetime | None  # None: written on this store
    unread: bool  # the record, or an addendum to it, not yet opened
    reviewed: bool
    safeguarding: bool
    wants_contact: bool  # asked to be contacted, or recorded being triggered
    incident: bool
    addenda: int
    new_addenda: int
    contacted: bool
    author_id: str
    group_id: str | None
    session_id: str | None
    # What a filter looks in: the date (also as "14 march 2025"), group, person, kind
    # and flags, folded once (`text.fold`).
    haystack: str = ""

    def matches(self, words: str) -> bool:
        """Whether every word typed appears in the line's date, group, person or flags."""
        return matches_words(self.haystack, words)


@dataclass(frozen=True)
class InboxState:
    arrived_at: dt.datetime | None
    opened_at: dt.datetime | None
    opened_by: str
    reviewed_at: dt.datetime | None
    reviewed_by: str
    review_note: str
    contacted_at: dt.datetime | None
    contacted_by: str
    contact_note: str


@dataclass(frozen=True)
class InboxRecord:
    """A record opened from the inbox, with everything a support worker reads beside it."""

    line: InboxLine
    debrief: Debrief | None
    incident: Incident | None
    state: InboxState
    follow_ups: tuple[FollowUp, ...]
    # Other debriefs of the same session (a second debrief is allowed) and, for a
    # debrief, the incident records it lists: shown together.
    same_session: tuple[InboxLine, ...]
    linked_incidents: tuple[InboxLine, ...]
    names: dict[str, str]  # person id → name, for authors, recipients and reviewers


def _coordinator_only(store: Store) -> None:
    if records.is_laptop(store):
        raise NotPermitted("The inbox is on your coordinator's store, not on a laptop.")


def inbox(store: Store, text: str = "", *, unread_only: bool = False) -> list[InboxLine]:
    """Unread first, then newest session first; `text` keeps lines holding every word."""
    _coordinator_only(store)
    lines = [_line(row) for row in load_inbox_rows(store.conn)]
    if text.strip():
        lines = [line for line in lines if line.matches(text)]
    if unread_only:
        lines = [line for line in lines if line.unread]
    lines.sort(key=lambda line: (not line.unread, -line.on_date.toordinal(), line.id))
    return lines


def unread_count(store: Store) -> int:
    """How many records `inbox` would show as unread, counted without reading the lines."""
    _coordinator_only(store)
    return count_unread(store.conn)


_KINDS = {kind.value: kind for kind in RecordKind}
_MONTHS = ("", *(dt.date(2000, month, 1).strftime("%B") for month in range(1, 13)))


def _line(row: Any) -> InboxLine:
    kind = _KINDS[row[1]]
    on_date = dt.date.fromisoformat(row[2])
    unread = bool(row[6]) or bool(row[12])
    reviewed, safeguarding, wants_contact, incident = (bool(v) for v in row[7:11])
    group_name, author_name = row[3] or "", row[4] or ""
    haystack = fold(
        " ".join(
            (
                row[2],
                f"{on_date.day} {_MONTHS[on_date.month]} {on_date.year}",
                group_name,
                author_name,
                kind.label,
                "unread" if unread else "read",
                "reviewed" if reviewed else "",
                "safeguarding" if safeguarding else "",
                "contact" if wants_contact else "",
                "incident" if incident else "",
            )
        )
    )
    return InboxLine(
        row[0],
        kind,
        on_date,
        group_name,
        author_name,
        dt.datetime.fromisoformat(row[5]) if row[5] else None,
        unread,
        reviewed,
        safeguarding,
        wants_contact,
        incident,
        int(row[11]),
        int(row[12]),
        bool(row[13]),
        row[14],
        row[15],
        row[16],
        haystack,
    )


def _line_or_refuse(store: Store, record_id: str) -> InboxLine:
    for line in inbox(store):
        if line.id == record_id:
            return line
    raise NotFound("That record is not in this store's inbox.")


def open_record(store: Store, record_id: str) -> InboxRecord:
    """The record with its addenda; opening it marks it and its addenda received.

    Each opening is written in the audit log, in the same transaction as the receipt.
    """
    line = _line_or_refuse(store, record_id)
    with store.transaction():
        _mark_opened(store, record_id)
        audit.record_event(store, AuditAction.OPENED, _AUDIT_KINDS[line.kind], line.id)
    return _read_again(store, line)


def _mark_opened(store: Store, record_id: str) -> None:
    """Inside a transaction: the receipt for the record and any addenda not yet opened."""
    me = store.facts.owner_person_id
    now = store.now().isoformat()
    state = inbox_state(store.conn, record_id)
    if state is not None and state[3] is None:
        store.update("inbox", record_id, {"opened_at": now, "opened_by": me})
    for addendum_id in unopened_addenda(store.conn, record_id):
        store.update("inbox", addendum_id, {"opened_at": now, "opened_by": me})


def _read_again(store: Store, line: InboxLine) -> InboxRecord:
    everything = inbox(store)  # read again: opening changed what is unread
    return _record(store, next(other for other in everything if other.id == line.id), everything)


_AUDIT_KINDS = {
    RecordKind.DEBRIEF: AuditKind.DEBRIEF,
    RecordKind.DEBRIEF_ADDENDUM: AuditKind.DEBRIEF,
    RecordKind.INCIDENT: AuditKind.INCIDENT,
    RecordKind.INCIDENT_ADDENDUM: AuditKind.INCIDENT,
}


def _record(store: Store, line: InboxLine, everything: list[InboxLine]) -> InboxRecord:
    debrief = load_debrief(store.conn, line.id) if line.kind is RecordKind.DEBRIEF else None
    incident = load_incident(store.conn, line.id) if line.kind is RecordKind.INCIDENT else None
    same_session = tuple(
        other
        for other in everything
        if other.kind is RecordKind.DEBRIEF
        and other.id != line.id
        and line.kind is RecordKind.DEBRIEF
        and other.session_id == line.session_id
    )
    linked_ids = set(debrief.incident_ids) if debrief else set()
    linked = tuple(other for other in everything if other.id in linked_ids)
    return InboxRecord(
        line=line,
        debrief=debrief,
        incident=incident,
        state=_state(store, line.id),
        follow_ups=tuple(load_follow_ups(store.conn, line.id)),
        same_session=same_session,
        linked_incidents=linked,
        names={p.id: p.name for p in load_people(store.conn, include_archived=True)},
    )


def _state(store: Store, record_id: str) -> InboxState:
    row = inbox_state(store.conn, record_id)
    if row is None:
        return InboxState(None, None, "", None, "", "", None, "", "")

    def when(text: str | None) -> dt.datetime | None:
        return dt.datetime.fromisoformat(text) if text else None

    return InboxState(
        arrived_at=when(row[2]),
        opened_at=when(row[3]),
        opened_by=row[4] or "",
        reviewed_at=when(row[5]),
        reviewed_by=row[6] or "",
        review_note=row[7] or "",
        contacted_at=when(row[8]),
        contacted_by=row[9] or "",
        contact_note=row[10] or "",
    )


def _ensure_row(store: Store, line: InboxLine) -> None:
    """A record written on this store has no inbox row until someone reviews it."""
    if inbox_state(store.conn, line.id) is None:
        store.insert(
            "inbox",
            line.id,
            {
                "kind": line.kind.value,
                "author_id": line.author_id,
                "opened_at": store.now().isoformat(),
                "opened_by": store.facts.owner_person_id,
            },
        )


def mark_reviewed(
    store: Store, record_id: str, note: str = "", *, reviewed: bool = True
) -> InboxRecord:
    """Reviewed (with an optional note), or back to not reviewed; the laptop hears of it."""
    line = _line_or_refuse(store, record_id)
    clean = clean_note(note, "review_note", "The review note", limit=REVIEW_NOTE_MAX)
    with store.transaction():
        _ensure_row(store, line)
        _mark_opened(store, record_id)
        store.update(
            "inbox",
            record_id,
            {
                "reviewed_at": store.now().isoformat() if reviewed else None,
                "reviewed_by": store.facts.owner_person_id if reviewed else None,
                "review_note": clean if reviewed else "",
            },
        )
    return _read_again(store, line)


def record_contact(store: Store, record_id: str, note: str = "") -> InboxRecord:
    """Someone got in touch with the facilitator who asked: they leave the home screen."""
    line = _line_or_refuse(store, record_id)
    clean = clean_note(note, "contact_note", "The note", limit=REVIEW_NOTE_MAX)
    with store.transaction():
        _ensure_row(store, line)
        _mark_opened(store, record_id)
        store.update(
            "inbox",
            record_id,
            {
                "contacted_at": store.now().isoformat(),
                "contacted_by": store.facts.owner_person_id,
                "contact_note": clean,
            },
        )
    return _read_again(store, line)


def contact_requests(store: Store) -> list[InboxLine]:
    """Facilitators waiting for someone to contact them, longest waiting first."""
    if records.is_laptop(store):
        return []
    waiting = [_line(row) for row in load_contact_rows(store.conn)]
    waiting.sort(key=lambda line: (line.on_date, line.id))
    return waiting
