"""Erasing one member: what it would do (counts per kind of record), then doing it at once.

A coordinator can erase any member; a facilitator's laptop only a member of one of its
own groups, and the erasure then reaches the coordinator at the next sync, who erases
for everyone (`store/erasure.py`). Notes about the group's facilitators that name the
member (supervision notes, reasons for pauses, readiness notes) are counted and
rewritten too; a laptop changes only its own person's. Everything happens in one
transaction, is written in the audit log as a count (never a name), and the
write-ahead log is folded so no old page keeps the name. Records under a safeguarding
hold are kept as they are.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Mapping
from dataclasses import dataclass

from facilitator_app.domain.audit import AuditAction, AuditKind
from facilitator_app.domain.erasure import erasure_question
from facilitator_app.domain.errors import NotFound, ValidationError
from facilitator_app.services.audit import record_event
from facilitator_app.services.facilitators import is_coordinator
from facilitator_app.store import erasure as erasure_rows
from facilitator_app.store.erasure import ErasurePlan
from facilitator_app.store.erasure_record import read_erased, remember_erased
from facilitator_app.store.store import Store

_log = logging.getLogger(__name__)


class AlreadyErased(ValidationError):
    def __init__(self) -> None:
        super().__init__("member", "This member was already erased. Nothing was changed.")


# Each kind of row in plain words, as the question and the result name them.
REMOVED_WORDS = {
    "members": ("their place on the group's list", "their place on the group's list"),
    "attendance": ("register mark", "register marks"),
}
REWRITTEN_WORDS = {
    "sessions": ("session's notes", "sessions' notes"),
    "debriefs": ("debrief", "debriefs"),
    "debrief_addenda": ("addition to a debrief", "additions to debriefs"),
    "incidents": ("incident record", "incident records"),
    "incident_addenda": ("addition to an incident record", "additions to incident records"),
    "follow_ups": ("follow-up action", "follow-up actions"),
    "inbox": ("inbox note", "inbox notes"),
    "supervision": ("supervision note", "supervision notes"),
    "pauses": ("reason for a pause", "reasons for pauses"),
    "people": ("facilitator's readiness notes", "facilitators' readiness notes"),
}
_HELD_KIND = {"incidents": "Incident record", "debriefs": "Debrief"}
_HELD_DATE = {"incidents": "substr(r.started_at, 1, 10)", "debriefs": "r.session_date"}


@dataclass(frozen=True)
class HeldLine:
    kind_label: str
    on_date: dt.date | None


@dataclass(frozen=True)
class ErasurePreview:
    """What "Erase…" would do, for the question; `counts` goes back with the answer."""

    member_id: str
    name: str
    removed: dict[str, int]  # table → rows
    rewritten: dict[str, int]  # table → rows
    held: list[HeldLine]
    keeps_member: bool
    question: str

    @property
    def counts(self) -> dict[str, int]:
        return {**self.removed, **self.rewritten, "held": len(self.held)}


@dataclass(frozen=True)
class ErasureDone:
    changed: int  # rows removed or rewritten
    held: int  # records kept under a hold
    keeps_member: bool


def preview_erasure(store: Store, member_id: str) -> ErasurePreview:
    """Exactly what erasing this member would remove, rewrite and keep; changes nothing."""
    plan = _plan_in_reach(store, member_id)
    if plan.nothing_to_do:
        raise AlreadyErased()
    removed = dict(plan.removed_counts)
    rewritten = dict(plan.rewritten_counts)
    held = [_held_line(store, table, record_id) for table, record_id in plan.held]
    name = plan.facts.names[0] if plan.facts.names else "This member"
    return ErasurePreview(
        member_id,
        name,
        removed,
        rewritten,
        held,
        plan.keeps_member,
        erasure_question(
            name,
            [_words(REMOVED_WORDS, table, n) for table, n in removed.items()],
            [_words(REWRITTEN_WORDS, table, n) for table, n in rewritten.items()],
            [_held_words(line) for line in held],
            keeps_member=plan.keeps_member,
            coordinator=is_coordinator(store),
        ),
    )


def erase_member(store: Store, member_id: str, expected: Mapping[str, int]) -> ErasureDone:
    """Erase the member as `preview_erasure` said (`expected` is its `counts`); if what
    would happen changed since, nothing is changed."""
    plan = _plan_in_reach(store, member_id)
    if plan.nothing_to_do:
        raise AlreadyErased()
    with store.transaction():
        plan = _plan_in_reach(store, member_id)
        counts = {**plan.removed_counts, **plan.rewritten_counts, "held": len(plan.held)}
        if dict(counts) != dict(expected):
            raise ValidationError(
                "erase",
                "What this member's erasure would change is different from what was shown, "
                "so nothing was changed. Look at it again.",
            )
        changed = erasure_rows.apply_erasure(store, plan, for_everyone=is_coordinator(store))
        record_event(store, AuditAction.ERASED, AuditKind.MEMBER, count=changed)
    store.fold_log()
    remember_erasures(store)
    return ErasureDone(changed, len(plan.held), plan.keeps_member)


def reapply_on_unlock(store: Store) -> int:
    """`reapply_erasures`, never keeping anyone out of their store: a failure is undone
    and logged by its kind; the next unlock tries again."""
    try:
        return reapply_erasures(store)
    except Exception as error:  # an unlock must not fail over this
        _log.warning("Erasures were not applied again (%s)", type(error).__name__)
        return 0


def reapply_erasures(store: Store) -> int:
    """At unlock: erase again each erased member this store still holds (a restored
    backup taken before the erasure, or a hold since removed). Returns rows changed."""
    recorded = [str(r[0]) for r in store.conn.execute("SELECT id FROM erasures")]
    changed = 0
    for member_id in dict.fromkeys([*recorded, *read_erased(store.folder)]):
        if not _may_hold(store, member_id):
            continue
        with store.transaction():
            plan = erasure_rows.plan_erasure(store.conn, member_id)
            if plan is None or plan.nothing_to_do:
                continue
            done = erasure_rows.apply_erasure(store, plan, for_everyone=is_coordinator(store))
            record_event(store, AuditAction.ERASED, AuditKind.MEMBER, count=done)
        changed += done
    if changed:
        store.fold_log()
    remember_erasures(store)
    return changed


def remember_erasures(store: Store) -> None:
    """Keep the ids of erased members beside the store too (see store/erasure_record.py)."""
    ids = [str(r[0]) for r in store.conn.execute("SELECT id FROM erasures")]
    if ids:
        remember_erased(store.folder, ids)


def _may_hold(store: Store, member_id: str) -> bool:
    """Whether anything of this erased member may still be here (a quick look first)."""
    conn = store.conn
    return (
        conn.execute("SELECT 1 FROM members WHERE id = ?", [member_id]).fetchone() is not None
        or conn.execute("SELECT 1 FROM attendance WHERE member_id = ?", [member_id]).fetchone()
        is not None
        or conn.execute("SELECT 1 FROM erasures WHERE id = ?", [member_id]).fetchone() is None
    )


def _plan_in_reach(store: Store, member_id: str) -> ErasurePlan:
    """The plan for a member this person may erase; refuses anyone else as not here."""
    plan = erasure_rows.plan_erasure(store.conn, member_id)
    if plan is None or not member_in_reach(store, plan.facts.group_id):
        raise NotFound("That member is not in this store.")
    if plan.facts.row is None and not plan.recorded and not plan.remove:
        raise NotFound("That member is not in this store.")
    return plan


def member_in_reach(store: Store, group_id: str) -> bool:
    """A coordinator reaches every member; a facilitator only those of their own groups."""
    if is_coordinator(store):
        return True
    return (
        store.conn.execute(
            "SELECT 1 FROM person_groups WHERE person_id = ? AND group_id = ? AND removed = 0",
            [store.facts.owner_person_id, group_id],
        ).fetchone()
        is not None
    )


def _held_line(store: Store, table: str, record_id: str) -> HeldLine:
    row = store.conn.execute(
        f"SELECT {_HELD_DATE[table]} FROM {table} AS r WHERE r.id = ?",  # noqa: S608
        [record_id],
    ).fetchone()
    on_date = dt.date.fromisoformat(row[0]) if row and row[0] else None
    return HeldLine(_HELD_KIND[table], on_date)


def _held_words(line: HeldLine) -> str:
    if line.on_date is None:
        return line.kind_label
    return f"{line.kind_label} of {line.on_date.day} {line.on_date:%B %Y}"


def _words(words: Mapping[str, tuple[str, str]], table: str, count: int) -> str:
    one, many = words.get(table, (table, table))
    if table == "members":
        return one
    return f"{count} {one if count == 1 else many}"
