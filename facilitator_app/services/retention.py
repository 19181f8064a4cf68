"""Retention: the coordinator's periods, the review list, safeguarding holds and purges.

A coordinator sees what is due (per record type: how many, the oldest) and removes a
type after confirming; the whole purge is one transaction, through change capture so
every laptop that has a copy deletes it at its next sync, and leaves no old value
readable anywhere in the store. Laptops purge by themselves on the schedule the
coordinator's periods set (`store/scheduled_purge.py`), at unlock and after imports.

Other modules ask `is_held` before removing a record (erasure must respect holds).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Mapping
from dataclasses import dataclass

from facilitator_app.domain.audit import AuditAction, AuditKind
from facilitator_app.domain.errors import NotFound, ValidationError
from facilitator_app.domain.retention import (
    DEFAULT_MONTHS,
    DueSummary,
    HoldReason,
    RecordType,
    RetentionRules,
    due_now,
    summarise,
    validate_rules,
)
from facilitator_app.services.audit import record_event
from facilitator_app.services.facilitators import is_coordinator, require_coordinator
from facilitator_app.store import purge as purge_rows
from facilitator_app.store import retention_rows
from facilitator_app.store.retention_rows import HOLDABLE_TABLES, PurgeHow, PurgeLogRow
from facilitator_app.store.scheduled_purge import purge_on_schedule
from facilitator_app.store.store import Store, pair_id

__all__ = ["HOLDABLE_TABLES", "DueSummary", "RecordType", "RetentionRules"]

_log = logging.getLogger(__name__)


# --- periods -------------------------------------------------------------------


@dataclass(frozen=True)
class RuleLine:
    record_type: RecordType
    months: int
    default_months: int


def retention_rules(store: Store) -> list[RuleLine]:
    """Every record type with its period (the default where none was saved)."""
    rules = retention_rows.load_rules(store.conn)
    return [RuleLine(t, rules.months_for(t), DEFAULT_MONTHS[t]) for t in RecordType]


def save_retention_rules(store: Store, months: Mapping[RecordType, object]) -> list[RuleLine]:
    """Check every period, then keep them all; one bad value changes nothing.

    Saved through change capture: every laptop receives the schedule at its next sync.
    """
    require_coordinator(store, "how long records are kept")
    clean = validate_rules(months)
    current = retention_rows.load_rules(store.conn)
    with store.transaction():
        for record_type, value in clean.items():
            if record_type in current.months:
                store.update("retention_rules", record_type.value, {"months": value})
            else:
                store.insert("retention_rules", record_type.value, {"months": value})
    return retention_rules(store)


# --- the review list and the purge ---------------------------------------------


def review(store: Store) -> list[DueSummary]:
    """Per record type: how many are due today, the oldest, and how many a hold keeps."""
    require_coordinator(store, "the records due for removal")
    today = store.today()
    rules = retention_rows.load_rules(store.conn)
    return summarise(retention_rows.due_candidates(store.conn, rules, today), rules, today)


@dataclass(frozen=True)
class PurgeDone:
    removed: dict[RecordType, int]
    held_kept: dict[RecordType, int]

    @property
    def total(self) -> int:
        return sum(self.removed.values())


def purge(store: Store, expected: Mapping[RecordType, int]) -> PurgeDone:
    """Remove every due record of the types in `expected`, whose counts the person saw
    and confirmed; if what is due changed since, nothing is removed.

    One transaction: the records and what belongs to them are deleted for every device,
    their old values scrubbed, and the purge logged (type, how many, when, who; never
    which records). Then the write-ahead log is emptied so no old page stays there.
    """
    require_coordinator(store, "records due for removal")
    if not expected:
        raise ValidationError("purge", "Choose which records to remove.")
    today = store.today()
    rules = retention_rows.load_rules(store.conn)
    types = [t for t in RecordType if t in expected]
    with store.transaction():
        found = retention_rows.due_candidates(store.conn, rules, today, types)
        due = due_now(found, rules, today)
        removed = {t: sum(1 for c in due if c.record_type is t) for t in types}
        held = {t: sum(1 for c in found if c.held and c.record_type is t) for t in types}
        if any(removed[t] != expected[t] for t in types):
            raise ValidationError(
                "purge",
                "What is due for removal changed since the list was shown, so nothing "
                "was removed. Look at the list again.",
            )
        purge_rows.remove_for_everyone(store, retention_rows.rows_to_remove(store.conn, due))
        for record_type in types:
            _record_purge(store, record_type, removed[record_type], held[record_type])
    store.fold_log()
    return PurgeDone(removed, held)


# The audit log's kind for each record type: a purge is recorded as a type and a count.
_AUDIT_KINDS = {
    RecordType.SESSIONS: AuditKind.SESSION,
    RecordType.DEBRIEFS: AuditKind.DEBRIEF,
    RecordType.INCIDENTS: AuditKind.INCIDENT,
    RecordType.SAFEGUARDING: AuditKind.SAFEGUARDING,
    RecordType.SUPERVISION: AuditKind.SUPERVISION,
    RecordType.MEMBERS_LEFT: AuditKind.MEMBER,
}


def _record_purge(store: Store, record_type: RecordType, removed: int, held: int) -> None:
    """The purge's trace, in the purge log and the audit log (inside the purge's own
    transaction): what type, how many, when, who. Never which records."""
    record_event(store, AuditAction.PURGED, _AUDIT_KINDS[record_type], count=removed)
    retention_rows.write_purge_log(
        store.conn,
        PurgeLogRow(
            store.now().isoformat(),
            record_type.value,
            removed,
            held,
            PurgeHow.BY_HAND,
            store.facts.owner_person_id,
        ),
    )


def purge_on_unlock(store: Store) -> int:
    """A laptop follows the coordinator's schedule; returns how many records went.

    A failure undoes the whole purge and is logged (its kind only), but does not keep
    the person out of their store: the next unlock or import tries again.
    """
    if is_coordinator(store):
        return 0
    try:
        with store.transaction():
            removed = sum(purge_on_schedule(store, store.today()).values())
    except Exception as error:  # never lock someone out of their store over a purge
        _log.warning("The scheduled purge did not run (%s)", type(error).__name__)
        return 0
    if removed:
        store.fold_log()
    return removed


@dataclass(frozen=True)
class PurgeLine:
    """One line of the purge log as a person reads it."""

    purged_at: dt.datetime
    record_type: RecordType | None
    type_label: str
    removed: int
    held_kept: int
    how: str


def purge_log(store: Store) -> list[PurgeLine]:
    names = dict(store.conn.execute("SELECT id, name FROM people").fetchall())
    lines = []
    for row in retention_rows.load_purge_log(store.conn):
        try:
            record_type: RecordType | None = RecordType(row.record_type)
        except ValueError:
            record_type = None
        if row.how == PurgeHow.BY_HAND:
            how = f"by {names.get(row.by_person, 'the coordinator')}"
        elif row.how == PurgeHow.SCHEDULE:
            how = "on the coordinator's schedule"
        else:
            how = "by the coordinator's purge"
        lines.append(
            PurgeLine(
                dt.datetime.fromisoformat(row.purged_at),
                record_type,
                record_type.label if record_type else row.record_type,
                row.removed,
                row.held_kept,
                how,
            )
        )
    return lines


@dataclass(frozen=True)
class RetentionOverview:
    """Everything the Settings tab shows about retention, fetched in one go."""

    rules: list[RuleLine]
    due: list[DueSummary]
    held: list[HeldRecord]
    log: list[PurgeLine]


def overview(store: Store) -> RetentionOverview:
    require_coordinator(store, "how long records are kept")
    return RetentionOverview(
        retention_rules(store), review(store), held_records(store), purge_log(store)
    )


# --- safeguarding holds --------------------------------------------------------


@dataclass(frozen=True)
class HeldRecord:
    """A record on hold, described without its content: kind, date, group."""

    record_table: str
    record_id: str
    kind_label: str
    on_date: dt.date | None
    group_name: str
    placed_at: dt.datetime
    placed_by: str


def is_held(store: Store, table: str, record_id: str) -> bool:
    """Whether a safeguarding hold stands on this record (nothing may remove it)."""
    return retention_rows.hold_of(store.conn, table, record_id) is not None


def place_hold(store: Store, table: str, record_id: str) -> HeldRecord:
    """Keep this incident record or debrief out of every purge until the hold is removed."""
    require_coordinator(store, "safeguarding holds")
    _check_holdable(store, table, record_id)
    hold_id = pair_id("retention-hold", table, record_id)
    values = {
        "record_table": table,
        "record_id": record_id,
        "reason": HoldReason.SAFEGUARDING.value,
        "placed_at": store.now().isoformat(),
        "placed_by": store.facts.owner_person_id,
        "removed_at": None,
        "removed_by": None,
    }
    if not is_held(store, table, record_id):
        exists = store.conn.execute(
            "SELECT 1 FROM retention_holds WHERE id = ?", [hold_id]
        ).fetchone()
        with store.transaction():
            if exists:
                store.update("retention_holds", hold_id, values)
            else:
                store.insert("retention_holds", hold_id, values)
    return _held(store, table, record_id)


def remove_hold(store: Store, table: str, record_id: str) -> None:
    """The record is again removed when its period is over (it may be due at once)."""
    require_coordinator(store, "safeguarding holds")
    hold = retention_rows.hold_of(store.conn, table, record_id)
    if hold is None:
        raise NotFound("That record is not on hold.")
    with store.transaction():
        store.update(
            "retention_holds",
            hold.id,
            {"removed_at": store.now().isoformat(), "removed_by": store.facts.owner_person_id},
        )


def held_records(store: Store) -> list[HeldRecord]:
    require_coordinator(store, "safeguarding holds")
    return [
        _held(store, hold.record_table, hold.record_id)
        for hold in retention_rows.active_holds(store.conn)
    ]


_KIND_LABELS = {"incidents": "Incident record", "debriefs": "Debrief"}
_DATE_SQL = {"incidents": "substr(r.started_at, 1, 10)", "debriefs": "r.session_date"}


def _check_holdable(store: Store, table: str, record_id: str) -> None:
    if table not in HOLDABLE_TABLES:
        raise ValidationError("hold", "Only incident records and debriefs can be held.")
    found = store.conn.execute(
        f"SELECT 1 FROM {table} WHERE id = ?",  # noqa: S608 - one of HOLDABLE_TABLES
        [record_id],
    ).fetchone()
    if found is None:
        raise NotFound("That record is not in this store.")


def _held(store: Store, table: str, record_id: str) -> HeldRecord:
    hold = retention_rows.hold_of(store.conn, table, record_id)
    if hold is None:
        raise NotFound("That record is not on hold.")
    row = store.conn.execute(
        f"SELECT {_DATE_SQL[table]}, coalesce(g.name, '') FROM {table} AS r "  # noqa: S608
        "LEFT JOIN groups AS g ON g.id = r.group_id WHERE r.id = ?",
        [record_id],
    ).fetchone()
    on_date, group = (None, "") if row is None else row
    by = store.conn.execute("SELECT name FROM people WHERE id = ?", [hold.placed_by]).fetchone()
    return HeldRecord(
        table,
        record_id,
        _KIND_LABELS[table],
        dt.date.fromisoformat(on_date) if on_date else None,
        str(group),
        dt.datetime.fromisoformat(hold.placed_at),
        str(by[0]) if by else "",
    )
