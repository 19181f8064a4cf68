"""The audit log's entries and its hash chain: who did what to which record, and when.

An entry names an action and a kind of record from closed sets, plus the record's id
or a count. There is no field that could hold a name, a pseudonym, free text, a file
name or a folder: the log must never hold record content.

Each entry's hash covers its fields and the previous entry's hash, so an entry cannot
be changed, removed or moved without breaking the chain; the store keeps the last
entry's number and hash apart from the log, so cutting entries off the end shows too.

Why a plain SHA-256 and not a keyed hash: the store is encrypted and authenticated by
SQLCipher, so only someone holding the data key can change a row at all, and that
person could derive or read any key we would use (from the data key or from `meta`)
and recompute the chain. A key would add nothing against them, and nothing against
anyone else, whom SQLCipher already stops. It would cost something: a key taken from
the data key would make rotating the data key rewrite every entry, which is exactly
what the log should never need. What the chain does catch is any change made without
recomputing it (a row edited, deleted or moved with a database tool, a restored old
copy of the table beside a newer end marker). Protection against a key holder would
need the latest hash kept somewhere they cannot reach.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from facilitator_app.domain.errors import ValidationError

CHAIN_FORMAT = 1
# Every record id the app makes is a UUID in hex (`store.new_id`); nothing else may be a
# reference, so a name or a sentence cannot slip into the log by mistake.
_RECORD_ID = re.compile(r"[0-9a-f]{32}")
MAX_COUNT = 10_000_000


class AuditAction(StrEnum):
    """What was done. Values are stored and hashed: never change one, only add."""

    CREATED = "created"
    UNLOCKED = "unlocked"
    OPENED = "opened"
    EXPORTED = "exported"
    PRINTED = "printed"
    SAVED_PDF = "saved_pdf"
    ERASED = "erased"
    PURGED = "purged"
    BACKED_UP = "backed_up"
    RESTORED = "restored"
    ROTATED_KEY = "rotated_key"
    CHANGED_PASSPHRASE = "changed_passphrase"  # noqa: S105 - an action's name, not a secret
    RECOVERED = "recovered"
    MADE_RECOVERY_SHEET = "made_recovery_sheet"
    ANSWERED_RECOVERY = "answered_recovery"
    CHANGED_WIPE_POLICY = "changed_wipe_policy"  # count: the number, 0 for off
    LAPTOP_WIPED = "laptop_wiped"  # a laptop's report: its device id, count: the number
    SUBJECT_ACCESS_EXPORT = "subject_access_export"  # everything held about one member

    @property
    def label(self) -> str:
        return _ACTION_LABELS[self]


_ACTION_LABELS = {
    AuditAction.CREATED: "Created",
    AuditAction.UNLOCKED: "Unlocked",
    AuditAction.OPENED: "Opened",
    AuditAction.EXPORTED: "Exported",
    AuditAction.PRINTED: "Printed",
    AuditAction.SAVED_PDF: "Saved as a PDF",
    AuditAction.ERASED: "Erased",
    AuditAction.PURGED: "Purged",
    AuditAction.BACKED_UP: "Backed up",
    AuditAction.RESTORED: "Restored from a backup",
    AuditAction.ROTATED_KEY: "Changed the encryption key",
    AuditAction.CHANGED_PASSPHRASE: "Changed the passphrase",
    AuditAction.RECOVERED: "Unlocked with the recovery key",
    AuditAction.MADE_RECOVERY_SHEET: "Made a new recovery sheet",
    AuditAction.ANSWERED_RECOVERY: "Answered a recovery request",
    AuditAction.CHANGED_WIPE_POLICY: "Changed when a store is deleted after wrong passphrases",
    AuditAction.LAPTOP_WIPED: "Deleted after wrong passphrases (reported by the laptop)",
    AuditAction.SUBJECT_ACCESS_EXPORT: "Saved everything held about a member",
}


class AuditKind(StrEnum):
    """What it was done to. Values are stored and hashed: never change one, only add."""

    STORE = "store"  # the whole store (no reference)
    DEBRIEF = "debrief"
    INCIDENT = "incident"
    GROUP_DEBRIEFS = "group_debriefs"  # a group's debriefs as one paper: group id + count
    REGISTER = "register"  # a session's register, which names its members: session id
    BUNDLE = "bundle"  # a sync bundle: the receiving laptop's device id + rows carried
    ALL_RECORDS = "all_records"  # the JSON export of everything: count of rows
    MEMBER = "member"
    SESSION = "session"
    SUPERVISION = "supervision"
    SAFEGUARDING = "safeguarding"
    LAPTOP = "laptop"  # a paired laptop's store: its device id

    @property
    def label(self) -> str:
        return _KIND_LABELS[self]


_KIND_LABELS = {
    AuditKind.STORE: "The store",
    AuditKind.DEBRIEF: "Debrief",
    AuditKind.INCIDENT: "Incident record",
    AuditKind.GROUP_DEBRIEFS: "A group's debriefs",
    AuditKind.REGISTER: "Register",
    AuditKind.BUNDLE: "Sync bundle",
    AuditKind.ALL_RECORDS: "Every record (JSON file)",
    AuditKind.MEMBER: "Member",
    AuditKind.SESSION: "Sessions",
    AuditKind.SUPERVISION: "Supervision notes",
    AuditKind.SAFEGUARDING: "Safeguarding records",
    AuditKind.LAPTOP: "A laptop's store",
}


@dataclass(frozen=True)
class AuditEvent:
    """What a service asks to record; the log adds who, when and the chain."""

    action: AuditAction
    kind: AuditKind
    ref: str | None = None
    count: int | None = None


@dataclass(frozen=True)
class AuditEntry:
    seq: int
    at: str  # UTC, ISO 8601 to the second
    who: str  # the person id of the store's owner
    action: AuditAction
    kind: AuditKind
    ref: str | None
    count: int | None
    prev_hash: str
    hash: str


@dataclass(frozen=True)
class ChainEnd:
    """The last entry's number and hash, kept in `meta` beside the log."""

    seq: int
    hash: str

    def encode(self) -> str:
        return f"{self.seq}:{self.hash}"

    @classmethod
    def decode(cls, text: str) -> ChainEnd | None:
        seq, _, digest = text.partition(":")
        if not seq.isdigit() or not digest:
            return None
        return cls(int(seq), digest)


def checked_event(action: object, kind: object, ref: str | None, count: int | None) -> AuditEvent:
    """Refuse anything that is not an action, a kind, a record id or a count."""
    if not isinstance(action, AuditAction):
        raise ValidationError("action", "That is not something the audit log records.")
    if not isinstance(kind, AuditKind):
        raise ValidationError("kind", "That is not a kind of record the audit log names.")
    if ref is not None and (not isinstance(ref, str) or not _RECORD_ID.fullmatch(ref)):
        raise ValidationError("ref", "The audit log names a record only by its id.")
    if count is not None and (
        isinstance(count, bool) or not isinstance(count, int) or not 0 <= count <= MAX_COUNT
    ):
        raise ValidationError("count", "The audit log's count must be a whole number.")
    return AuditEvent(action, kind, ref, count)


def genesis_hash(store_id: str) -> str:
    """What the first entry links back to: ties a log to its store, so one store's log
    copied into another does not verify there."""
    return hashlib.sha256(f"facilitator_app audit log\x00{store_id}".encode()).hexdigest()


def entry_hash(
    at: str,
    who: str,
    action: AuditAction,
    kind: AuditKind,
    ref: str | None,
    count: int | None,
    prev_hash: str,
) -> str:
    """SHA-256 over a canonical JSON encoding of the entry and the previous hash.

    The entry's number is left out on purpose: an entry's place is fixed by the hash it
    links to, and leaving the number out lets a check tell moved entries (each still
    whole, linked to the wrong neighbour) from edited ones.
    """
    canonical = json.dumps(
        {
            "format": CHAIN_FORMAT,
            "at": at,
            "who": who,
            "action": action.value,
            "kind": kind.value,
            "ref": ref,
            "count": count,
            "prev": prev_hash,
        },
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=True,
    )
    return hashlib.sha256(canonical.encode("ascii")).hexdigest()


def next_entry(
    previous: ChainEnd | None, genesis: str, at: dt.datetime, who: str, event: AuditEvent
) -> AuditEntry:
    """The entry that follows `previous` (None: the first of the log)."""
    if at.tzinfo is None:
        raise ValueError("The audit log's times must carry a time zone")
    when = at.astimezone(dt.UTC).isoformat(timespec="seconds")
    prev_hash = previous.hash if previous is not None else genesis
    seq = previous.seq + 1 if previous is not None else 1
    digest = entry_hash(when, who, event.action, event.kind, event.ref, event.count, prev_hash)
    return AuditEntry(
        seq, when, who, event.action, event.kind, event.ref, event.count, prev_hash, digest
    )


class BreakReason(StrEnum):
    EDITED = "edited"  # an entry's fields no longer match its hash
    REMOVED = "removed"  # a number is missing from the sequence
    REORDERED = "reordered"  # an entry links to another entry than the one before it
    UNLINKED = "unlinked"  # an entry links to no entry there is: one was changed or removed
    TAIL_CUT = "tail_cut"  # the log ends before the end the store recorded
    END_CHANGED = "end_changed"  # the last entry is not the one the store recorded


@dataclass(frozen=True)
class ChainCheck:
    entries: int
    broken_at: int | None = None
    reason: BreakReason | None = None

    @property
    def intact(self) -> bool:
        return self.reason is None

    def describe(self) -> str:
        """One calm line naming the first broken entry by number, never its content."""
        n = self.broken_at
        if self.reason is None:
            if self.entries == 0:
                return "The audit log has no entries yet."
            unit = "entry" if self.entries == 1 else "entries"
            return f"The audit log is intact: all {self.entries} {unit} are as written."
        return {
            BreakReason.EDITED: f"Audit log entry {n} was changed after it was written.",
            BreakReason.REMOVED: f"Audit log entry {n} is missing: it was removed.",
            BreakReason.REORDERED: f"Audit log entry {n} is out of place: entries were moved.",
            BreakReason.UNLINKED: (
                f"Audit log entry {n} does not follow the entry before it: "
                "an entry was changed or removed."
            ),
            BreakReason.TAIL_CUT: f"The audit log ends early: entries from {n} on were removed.",
            BreakReason.END_CHANGED: (
                f"The audit log's end does not match the store's record of it, from entry {n}."
            ),
        }[self.reason]


def verify_chain(entries: Sequence[AuditEntry], genesis: str, end: ChainEnd | None) -> ChainCheck:
    """Check every entry (in number order) and the log's end; report the first break."""
    ordered = sorted(entries, key=lambda entry: entry.seq)
    where = {entry.hash: entry.seq for entry in ordered}
    expected_prev, expected_seq = genesis, 1
    for entry in ordered:
        recomputed = entry_hash(
            entry.at, entry.who, entry.action, entry.kind, entry.ref, entry.count, entry.prev_hash
        )
        if recomputed != entry.hash:
            return ChainCheck(len(ordered), entry.seq, BreakReason.EDITED)
        if entry.seq != expected_seq:
            return ChainCheck(len(ordered), expected_seq, BreakReason.REMOVED)
        if entry.prev_hash != expected_prev:
            moved = entry.prev_hash in where and where[entry.prev_hash] != entry.seq
            reason = BreakReason.REORDERED if moved else BreakReason.UNLINKED
            return ChainCheck(len(ordered), entry.seq, reason)
        expected_prev, expected_seq = entry.hash, entry.seq + 1
    last = ordered[-1] if ordered else None
    last_seq = last.seq if last is not None else 0
    if end is None:
        if last is not None:  # entries, but nothing recorded their end: the marker went
            return ChainCheck(len(ordered), last_seq, BreakReason.END_CHANGED)
        return ChainCheck(0)
    if end.seq > last_seq:
        return ChainCheck(len(ordered), last_seq + 1, BreakReason.TAIL_CUT)
    if end.seq < last_seq:
        return ChainCheck(len(ordered), end.seq + 1, BreakReason.END_CHANGED)
    if last is not None and last.hash != end.hash:
        return ChainCheck(len(ordered), last_seq, BreakReason.END_CHANGED)
    return ChainCheck(len(ordered))
