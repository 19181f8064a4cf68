"""What each recipient may see: the rows (and fields) a bundle to it carries.

A facilitator gets their groups with those groups' sessions, register and member
pseudonyms, their own profile, their colleagues' names, and the organisation's
shared material. Never other facilitators' records, supervision notes, readiness
notes, incidents or safeguarding decisions. Rows are chosen from the merge state,
so a deleted row still reaches whoever saw it alive.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from facilitator_app.store import row_state
from facilitator_app.store.row_state import stamp_device
from facilitator_app.sync.collector import collector_paused
from facilitator_app.sync.merge import WireRow

SHARED_TABLES = (
    "organisation",
    "services",
    "handout_edits",
    "protocol_versions",
    # the coordinator's retention periods: every laptop purges on that schedule
    "retention_rules",
    # the neutral name shown instead of the app's own, chosen by the coordinator
    "app_name",
    # the coordinator's wipe policy: every laptop's store follows it (services/wipe.py)
    "wipe_policy",
)
OWN_PROFILE_TABLES = ("stage_changes", "person_groups", "training", "unavailable", "pauses")
# Coordinator-only notes about a person, never sent to a laptop.
PRIVATE_PERSON_FIELDS = frozenset({"readiness_notes"})
COLLEAGUE_FIELDS = frozenset({"name", "role", "archived_on"})
# Members are pseudonyms on a facilitator's laptop; how to reach them stays with the charity.
HIDDEN_MEMBER_FIELDS = frozenset({"contact_preference"})
# A laptop's receipts: whether the coordinator has opened and reviewed its records.
RECEIPT_FIELDS = frozenset({"kind", "author_id", "parent_id", "opened_at", "reviewed_at"})
# Records a laptop writes: drafts stay on it, and submitted ones leave only sealed.
LAPTOP_ONLY_TABLES = frozenset({"incidents", "incident_addenda", "debriefs", "debrief_addenda"})
# The one field (besides the row id) that decides whether a facilitator sees a row.
# SQLite reads it out of the merge state, so rows out of scope are never parsed here.
PARENT_FIELD = {
    "members": "group_id",
    "sessions": "group_id",
    "attendance": "session_id",
    "inbox": "author_id",
    # which members were erased (ids only): each group's laptops hear of their own
    "erasures": "group_id",
    **dict.fromkeys(OWN_PROFILE_TABLES, "person_id"),
}
SESSION_PEOPLE = ("lead_id", "co_facilitator_id", "actual_lead_id", "actual_co_id")


@dataclass(frozen=True)
class FacilitatorScope:
    person_id: str
    group_ids: frozenset[str]
    session_ids: frozenset[str]
    colleague_ids: frozenset[str]


def facilitator_scope(conn: Any, person_id: str) -> FacilitatorScope:
    groups = frozenset(
        r[0]
        for r in conn.execute(
            "SELECT group_id FROM person_groups WHERE person_id = ? AND removed = 0", [person_id]
        )
    )
    sessions: set[str] = set()
    colleagues: set[str] = set()
    wanted = ", ".join(_field_sql(name) for name in ("group_id", *SESSION_PEOPLE))
    for row_id, group_id, *people in conn.execute(
        f"SELECT row_id, {wanted} FROM row_state WHERE table_name = 'sessions'"  # noqa: S608
    ):
        if group_id in groups:
            sessions.add(row_id)
            colleagues.update(str(person) for person in people if person)
    for (other,) in conn.execute(
        "SELECT person_id FROM person_groups WHERE removed = 0 AND group_id IN "  # noqa: S608
        f"({_marks(groups)})",
        sorted(groups),
    ):
        colleagues.add(other)
    colleagues.discard(person_id)
    return FacilitatorScope(person_id, groups, frozenset(sessions), frozenset(colleagues))


@collector_paused()
def rows_for_facilitator(
    conn: Any,
    scope: FacilitatorScope,
    *,
    after_seq: int,
    recipient_device: str,
    fresh: frozenset[str] = frozenset(),
) -> list[WireRow]:
    """Rows changed since `after_seq` that the facilitator may see, minus their own echoes.

    `fresh` names groups and colleagues new to the facilitator: their rows are sent
    whole, however old, since the facilitator's acknowledgements predate seeing them.
    """
    picked: list[WireRow] = []
    cases = " ".join(
        f"WHEN '{table}' THEN {_field_sql(name)}" for table, name in PARENT_FIELD.items()
    )
    for table, row_id, length, length_hlc, stamp, text, seq, parent in conn.execute(
        "SELECT table_name, row_id, length, length_hlc, stamp, fields, seq, "  # noqa: S608
        f"CASE table_name {cases} END FROM row_state WHERE seq > ? ORDER BY table_name, row_id",
        [-1 if fresh else after_seq],
    ):
        if seq <= after_seq and not _concerns(scope, fresh, table, row_id, parent):
            continue
        keep = _facilitator_fields(scope, table, row_id, parent)
        if keep is None:
            continue
        fields = {
            k: v
            for k, v in row_state.unpack(stamp, text).items()
            if keep(k) and _not_from(v, recipient_device)
        }
        if fields or (length_hlc and stamp_device(length_hlc) != recipient_device):
            picked.append([table, row_id, int(length), str(length_hlc), fields])
    return picked


def _concerns(
    scope: FacilitatorScope, fresh: frozenset[str], table: str, row_id: str, parent: Any
) -> bool:
    """Whether an old row belongs to a group or colleague the facilitator has just gained.

    `parent` is the row's value of its PARENT_FIELD.
    """
    if table in ("groups", "people"):
        return row_id in fresh
    if table in ("members", "sessions", "erasures"):
        return parent in fresh
    if table == "attendance":
        return bool(fresh & scope.group_ids) and parent in scope.session_ids
    return False


@collector_paused()
def rows_for_organisation(conn: Any, *, after_seq: int, own_device: str) -> list[WireRow]:
    """What a facilitator sends back: only changes made on this laptop, and no drafts."""
    picked: list[WireRow] = []
    for row, _seq in _changed(conn, after_seq):
        if row[0] in LAPTOP_ONLY_TABLES:
            continue
        row[4] = {k: v for k, v in row[4].items() if stamp_device(str(v[1])) == own_device}
        own_length = bool(row[3]) and stamp_device(row[3]) == own_device
        if row[4] or own_length:
            picked.append(row)
    return picked


@collector_paused()
def all_rows(conn: Any) -> list[WireRow]:
    """Everything, for another coordinator device: every row's whole merge state."""
    return [row for row, _seq in _changed(conn, -1)]


def _facilitator_fields(
    scope: FacilitatorScope, table: str, row_id: str, parent: Any
) -> Callable[[str], bool] | None:
    """Which fields of this row the facilitator may see, or None for none of it.

    `parent` is the row's value of its PARENT_FIELD.
    """
    if table in SHARED_TABLES:
        return _all
    if table == "people":
        if row_id == scope.person_id:
            return lambda name: name not in PRIVATE_PERSON_FIELDS
        if row_id in scope.colleague_ids:
            return COLLEAGUE_FIELDS.__contains__
        return None
    if table in OWN_PROFILE_TABLES:
        return _all if parent == scope.person_id else None
    if table == "groups":
        return _all if row_id in scope.group_ids else None
    if table == "members":
        if parent in scope.group_ids:
            return lambda name: name not in HIDDEN_MEMBER_FIELDS
        return None
    if table == "sessions":
        return _all if row_id in scope.session_ids else None
    if table == "erasures":
        return _all if parent in scope.group_ids else None
    if table == "attendance":
        return _all if parent in scope.session_ids else None
    if table == "inbox":
        return RECEIPT_FIELDS.__contains__ if parent == scope.person_id else None
    return None


def _all(_name: str) -> bool:
    return True


def _not_from(entry: list[Any], device: str) -> bool:
    return stamp_device(str(entry[1])) != device


def _field_sql(name: str) -> str:
    """SQL for a field's current value in row_state.fields (NULL when it has none).

    A field is stored as [value] or [value, stamp, previous]: the value is first in both.
    """
    return f"json_extract(fields, '$.{name}[0]')"


def _changed(conn: Any, after_seq: int) -> Iterable[tuple[WireRow, int]]:
    for table, row_id, length, length_hlc, stamp, fields, seq in conn.execute(
        "SELECT table_name, row_id, length, length_hlc, stamp, fields, seq FROM row_state "
        "WHERE seq > ? ORDER BY table_name, row_id",
        [after_seq],
    ):
        yield (
            [table, row_id, int(length), str(length_hlc), row_state.unpack(stamp, fields)],
            int(seq),
        )


def _marks(values: Iterable[str]) -> str:
    return ", ".join("?" for _ in values)
