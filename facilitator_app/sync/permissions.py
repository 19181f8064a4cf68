"""What a facilitator's laptop may change, checked again when its bundle arrives.

The app on the laptop already refuses these edits; this is the coordinator's own
check, because a bundle is only a file and the laptop may be old, damaged or not ours.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from facilitator_app.store.changes import SYNCED_COLUMNS
from facilitator_app.store.row_state import RowState
from facilitator_app.sync.merge import Allowed, WireRow
from facilitator_app.sync.scope import FacilitatorScope

NOTHING = Allowed(frozenset(), length=False)
OWN_AVAILABILITY = frozenset({"contact_preference", "usual_weekdays", "max_per_month"})
# Who leads and co-facilitates is the rota: the coordinator's to plan.
ROTA_FIELDS = frozenset({"lead_id", "co_facilitator_id", "lead_locked", "co_locked"})


class FacilitatorPermit:
    """Allowed fields for each incoming row from the facilitator `scope.person_id`."""

    def __init__(
        self,
        scope: FacilitatorScope,
        incoming: list[WireRow],
        member_groups: Mapping[str, Any] | None = None,
    ) -> None:
        self.scope = scope
        # Sessions the facilitator adds to their own groups in this same bundle.
        self.session_ids = scope.session_ids | {
            row[1]
            for row in incoming
            if row[0] == "sessions" and _incoming(row[4], "group_id") in scope.group_ids
        }
        # The group we hold for each member an incoming erasure names (`member_groups`).
        self.member_groups: Mapping[str, Any] = member_groups or {}

    def __call__(
        self, table: str, row_id: str, fields: dict[str, Any], before: RowState | None
    ) -> Allowed:
        me = self.scope.person_id
        everything = SYNCED_COLUMNS[table]
        if table == "people":
            return Allowed(OWN_AVAILABILITY, length=False) if row_id == me else NOTHING
        if table in ("unavailable", "pauses"):
            return self._owned(before, fields, "person_id", me, everything, length=True)
        if table == "sessions":
            group = _current(before, fields, "group_id")
            if group not in self.scope.group_ids:
                return NOTHING
            editable = everything - ROTA_FIELDS - _moved(before, fields, "group_id")
            if before is None:
                # A session a laptop plans says nobody is on its rota yet: no rota decision.
                editable |= {name for name in ROTA_FIELDS if _incoming(fields, name) in (None, 0)}
            return Allowed(editable, length=False)
        if table == "attendance":
            session = _current(before, fields, "session_id")
            if session not in self.session_ids:
                return NOTHING
            return Allowed(everything - _moved(before, fields, "session_id", "member_id"), True)
        if table == "members":
            group = _current(before, fields, "group_id")
            if group not in self.scope.group_ids:
                return NOTHING
            return Allowed(everything - _moved(before, fields, "group_id"), False)
        if table == "erasures":
            return self._erasure(row_id, fields, before)
        if table == "sealed_records":
            # Append-only: a sealed record arrives once and is never changed or deleted.
            if before is not None:
                return NOTHING
            return self._owned(before, fields, "author_id", me, everything, length=False)
        return NOTHING

    def _erasure(self, member_id: str, fields: dict[str, Any], before: RowState | None) -> Allowed:
        """A laptop may ask for one of its groups' members to be erased, once.

        The member's group is the one we hold for them (a member never moves group);
        a member we never had may be named with any of the facilitator's groups.
        """
        if before is not None:
            return NOTHING
        group = _incoming(fields, "group_id")
        if group not in self.scope.group_ids:
            return NOTHING
        if self.member_groups.get(member_id, group) != group:
            return NOTHING
        return Allowed(SYNCED_COLUMNS["erasures"], length=False)

    @staticmethod
    def _owned(
        before: RowState | None,
        fields: dict[str, Any],
        column: str,
        me: str,
        everything: frozenset[str],
        *,
        length: bool,
    ) -> Allowed:
        if _current(before, fields, column) != me or _incoming(fields, column) not in (None, me):
            return NOTHING
        return Allowed(everything, length=length)


def member_groups(conn: Any, incoming: list[WireRow]) -> dict[str, Any]:
    """The group we hold for each member that an incoming erasure names."""
    found: dict[str, Any] = {}
    for table, member_id, *_rest in incoming:
        if table != "erasures":
            continue
        row = conn.execute(
            "SELECT json_extract(fields, '$.group_id[0]') FROM row_state "
            "WHERE table_name = 'members' AND row_id = ?",
            [member_id],
        ).fetchone()
        if row is not None and row[0] is not None:
            found[member_id] = row[0]
    return found


def _incoming(fields: dict[str, Any], name: str) -> Any:
    entry = fields.get(name)
    return None if entry is None else entry[0]


def _moved(before: RowState | None, fields: dict[str, Any], *parents: str) -> frozenset[str]:
    """The parent columns this row would leave: a row never moves to another parent.

    The same parent arriving again is no move: a laptop resends its new rows until
    they are acknowledged, and two devices that add the same register mark (see
    `pair_id`) both send its parents.
    """
    if before is None:
        return frozenset()
    return frozenset(
        name
        for name in parents
        if name in fields and name in before.fields and fields[name][0] != before.fields[name][0]
    )


def _current(before: RowState | None, fields: dict[str, Any], name: str) -> Any:
    """The row's value for `name` as we hold it, or as it arrives for a new row."""
    if before is not None and name in before.fields:
        return before.fields[name][0]
    return _incoming(fields, name)
