"""The coordinator's audit log: recording who opened, exported, printed, erased or purged
what and when, showing it, and checking that nobody changed it.

Other use cases record their events with `record_event` inside their own transaction
(so an action and its entry commit together or not at all), or wrap an action whose
effect lies outside the store (a file written) in `recording`.

Only a coordinator's store keeps a log (`keeps_audit_log`). The issue asks for the
coordinator's; a laptop's log would never reach the charity (it is not synced) and
would be shown to nobody, so it would be a hidden record of what a volunteer did on
their own laptop, which is data we have no use for. A laptop's store still has the
table, empty, and `check` verifies it like any other, so changing this rule later
is a change of this one function.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from facilitator_app.domain.audit import (
    AuditAction,
    AuditEntry,
    AuditEvent,
    AuditKind,
    BreakReason,
    ChainCheck,
    ChainEnd,
    checked_event,
    genesis_hash,
    next_entry,
    verify_chain,
)
from facilitator_app.domain.errors import ValidationError
from facilitator_app.services.output_files import write_pdf
from facilitator_app.store import audit_rows
from facilitator_app.store.people_rows import load_people
from facilitator_app.store.store import Clock, Store, StoreRole

__all__ = ["AuditAction", "AuditEvent", "AuditKind", "ChainCheck"]

META_END = "audit_end"
PAGE_SIZE = 100


def keeps_audit_log(store: Store) -> bool:
    return store.facts.role is StoreRole.COORDINATOR


# --- recording -------------------------------------------------------------------------


def record_event(
    store: Store,
    action: AuditAction,
    kind: AuditKind,
    ref: str | None = None,
    count: int | None = None,
) -> AuditEntry | None:
    """Append one entry; inside the caller's open transaction if there is one.

    Returns the entry, or None on a store that keeps no log. A reference that is not a
    record id, or a count that is not a whole number, is refused and nothing is written.
    """
    event = checked_event(action, kind, ref, count)
    if not keeps_audit_log(store):
        return None
    if store.conn.in_transaction:
        return _append(store, event)
    with store.transaction():
        return _append(store, event)


def record_once_open(folder: Path, data_key: bytes, action: AuditAction, clock: Clock) -> None:
    """Open a store just replaced (rotated or restored), record `action` about it, close.

    A crash between the replacement and this entry loses the entry, never the store.
    """
    store = Store.open(folder, data_key, clock=clock)
    try:
        record_event(store, action, AuditKind.STORE)
    finally:
        store.close()


@contextlib.contextmanager
def recording(
    store: Store,
    action: AuditAction,
    kind: AuditKind,
    ref: str | None = None,
    count: int | None = None,
) -> Iterator[None]:
    """For an action whose effect is outside the store, such as a file written: the entry
    is committed just after the block finishes, and not at all if it fails.

    A crash in the instant between the file's rename and the commit is the one way a
    file can leave without its entry; the file is never written without the entry
    already being in the open transaction.
    """
    event = checked_event(action, kind, ref, count)
    with store.transaction():
        if keeps_audit_log(store):
            _append(store, event)
        yield


def _append(store: Store, event: AuditEvent) -> AuditEntry:
    """Link the new entry to the end the store recorded, not to the table's last row.

    If entries were cut from the end (or added outside the app), linking to the recorded
    end keeps the break visible to every later check instead of healing over it.
    """
    end = _recorded_end(store)
    last = audit_rows.last_seq(store.conn)
    genesis = genesis_hash(store.facts.store_id)
    if end is None and last > 0:
        # The end marker was removed: link to the start, which no later entry can, so
        # the check keeps pointing here.
        previous: ChainEnd | None = ChainEnd(last, genesis)
    elif end is not None and last > end.seq:
        previous = ChainEnd(last, end.hash)
    else:
        previous = end
    entry = next_entry(previous, genesis, store.now(), store.facts.owner_person_id, event)
    audit_rows.append_entry(store.conn, entry)
    store.set_meta(META_END, ChainEnd(entry.seq, entry.hash).encode())
    return entry


def _recorded_end(store: Store) -> ChainEnd | None:
    text = store.meta(META_END)
    return None if text is None else ChainEnd.decode(text)


# --- output the GUI and CLI make -----------------------------------------------------------


@dataclass(frozen=True)
class AuditTarget:
    """What a paper is, for the log: a kind of record and its id or a count."""

    kind: AuditKind
    ref: str | None = None
    count: int | None = None


def record_printed(store: Store, target: AuditTarget) -> AuditEntry | None:
    """Called by the screen once the system print dialog has sent the pages."""
    return record_event(store, AuditAction.PRINTED, target.kind, target.ref, target.count)


def save_pdf(store: Store, path: Path, data: bytes, target: AuditTarget) -> Path:
    """Write a record's PDF to a file, with its entry committed only if the file was."""
    with recording(store, AuditAction.SAVED_PDF, target.kind, target.ref, target.count):
        return write_pdf(path, data)


# --- reading the log -------------------------------------------------------------------


@dataclass(frozen=True)
class AuditLine:
    """One entry as the screen shows it: names looked up now, never stored in the log."""

    seq: int
    at: dt.datetime
    who: str
    action: AuditAction
    what: str


@dataclass(frozen=True)
class AuditPage:
    lines: list[AuditLine]
    total: int  # entries matching the filter
    offset: int

    @property
    def has_more(self) -> bool:
        return self.offset + len(self.lines) < self.total


def audit_entries(
    store: Store,
    action: AuditAction | None = None,
    *,
    offset: int = 0,
    limit: int = PAGE_SIZE,
) -> AuditPage:
    """Newest first, `limit` at a time, optionally only one action."""
    if action is not None and not isinstance(action, AuditAction):
        raise ValidationError("action", "That is not something the audit log records.")
    if offset < 0 or not 1 <= limit <= 1000:
        raise ValidationError("offset", "That page of the audit log does not exist.")
    if not audit_rows.has_audit_log(store.conn):
        return AuditPage([], 0, offset)
    entries = audit_rows.load_page(store.conn, action, limit, offset)
    names = {p.id: p.name for p in load_people(store.conn, include_archived=True)}
    lines = [
        AuditLine(
            entry.seq,
            dt.datetime.fromisoformat(entry.at),
            names.get(entry.who, "Someone no longer in this store"),
            entry.action,
            _what(store, entry),
        )
        for entry in entries
    ]
    return AuditPage(lines, audit_rows.count_entries(store.conn, action), offset)


def _what(store: Store, entry: AuditEntry) -> str:
    """The entry's target in plain words, looked up now from its id (if still here)."""
    conn, ref, kind = store.conn, entry.ref, entry.kind
    place: tuple[str, str] | None = None
    name: str | None = None
    if ref is not None:
        if kind is AuditKind.DEBRIEF:
            place = audit_rows.debrief_place(conn, ref)
        elif kind is AuditKind.INCIDENT:
            place = audit_rows.incident_place(conn, ref)
        elif kind in (AuditKind.REGISTER, AuditKind.SESSION):
            place = audit_rows.session_place(conn, ref)
        elif kind is AuditKind.GROUP_DEBRIEFS:
            name = audit_rows.group_name(conn, ref)
        elif kind in (AuditKind.BUNDLE, AuditKind.LAPTOP):
            name = audit_rows.device_name(conn, ref)
        elif kind is AuditKind.MEMBER:
            name = audit_rows.member_name(conn, ref)
    text = kind.label
    if place is not None:
        group, day = place
        text += f" · {', '.join(part for part in (group, _day(day)) if part)}"
    elif name is not None:
        text += f" · {'for ' if kind is AuditKind.BUNDLE else ''}{name}"
    elif ref is not None:
        text += " (no longer in this store)"
    if entry.count is not None:
        text += f" · {_count(entry.action, kind, entry.count)}"
    return text


def _day(text: str) -> str:
    try:
        day = dt.date.fromisoformat(text[:10])
    except ValueError:
        return ""
    return f"{day.day} {day:%B %Y}"


def _count(action: AuditAction, kind: AuditKind, count: int) -> str:
    if action in (AuditAction.LAPTOP_WIPED, AuditAction.CHANGED_WIPE_POLICY):
        return f"after {count} wrong passphrases" if count else "off"
    if kind is AuditKind.BUNDLE:
        return f"{count} change" if count == 1 else f"{count} changes"
    if kind is AuditKind.ALL_RECORDS:
        return f"{count} row" if count == 1 else f"{count} rows"
    return f"{count} record" if count == 1 else f"{count} records"


# --- checking the log ------------------------------------------------------------------


def verify_audit_chain(store: Store) -> ChainCheck:
    """Check every entry and the recorded end. Reads only: safe on a store being checked."""
    if not audit_rows.has_audit_log(store.conn):
        return ChainCheck(0)  # a store checked at an older schema: no log yet
    entries, unreadable = audit_rows.load_entries(store.conn)
    end_text = store.meta(META_END)
    end = None if end_text is None else ChainEnd.decode(end_text)
    if end_text is not None and end is None:
        last = entries[-1].seq if entries else 0
        return ChainCheck(len(entries), last, BreakReason.END_CHANGED)
    check = verify_chain(entries, genesis_hash(store.facts.store_id), end)
    if unreadable is not None and (check.broken_at is None or check.broken_at >= unreadable):
        return ChainCheck(len(entries) + 1, unreadable, BreakReason.EDITED)
    return check
