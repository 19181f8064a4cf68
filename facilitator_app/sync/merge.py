"""Merging rows from another device: per field, the newer stamp wins; deletes win edits.

A row travels as [table, row id, causal length, length stamp, {field: [value, stamp,
previous foreign stamp]}]. Applying the same rows in any order, any number of
times, leaves the same store. Two edits to one field are concurrent when neither
device had seen the other's value; the loser is then kept as a conflict (on a
coordinator store, or, when a laptop's own value lost there, on the laptop until the
coordinator has it) so a person can look and put it back.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import chain
from operator import itemgetter
from typing import Any

from facilitator_app.domain.errors import BundleRefused
from facilitator_app.domain.hlc import Hlc
from facilitator_app.store import row_state
from facilitator_app.store.changes import SYNCED_COLUMNS, table_columns, table_values, upsert_sql
from facilitator_app.store.row_state import RowState, stamp_device
from facilitator_app.sync.collector import collector_paused

WireRow = list[Any]
# Which incoming fields (and whether a delete or restore) a sender may write.
Permit = Callable[[str, str, dict[str, Any], RowState | None], "Allowed"]


@dataclass(frozen=True)
class Allowed:
    fields: frozenset[str]
    length: bool


@dataclass(frozen=True)
class Conflict:
    table: str
    row_id: str
    field: str
    kept_value: Any
    kept_hlc: str
    lost_value: Any
    lost_hlc: str


@dataclass
class MergeResult:
    added: int = 0
    changed: int = 0
    deleted: int = 0
    unchanged: int = 0
    skipped: int = 0
    conflicts: list[Conflict] = field(default_factory=list)
    # (table, row id, field) the sender may not write, where we hold a value to send back
    refused: list[tuple[str, str, str]] = field(default_factory=list)


def newest_stamp(rows: list[WireRow]) -> str:
    # One C-level pass over every stamp: this runs on every row a bundle brings.
    length_stamps = map(str, map(_LENGTH_STAMP, rows))
    entries = chain.from_iterable(map(dict.values, map(_FIELDS, rows)))
    return max(chain(("",), length_stamps, map(str, map(_STAMP, entries))))


_LENGTH_STAMP = itemgetter(3)
_FIELDS = itemgetter(4)
_STAMP = itemgetter(1)


def check_rows(rows: Any) -> list[WireRow]:
    """Refuse a body whose rows are not well formed, before anything is written."""
    if not isinstance(rows, list):
        raise BundleRefused("The bundle's contents are not readable.")
    # Stamps already found well formed: a row's fields mostly share one stamp (five
    # years of a charity has 116,000 for 380,000 fields), so each is looked at once.
    known: set[str] = set()
    for row in rows:
        if not (
            isinstance(row, list)
            and len(row) == 5
            and isinstance(row[0], str)
            and row[0] in SYNCED_COLUMNS
            and isinstance(row[1], str)
            and row[1]
            and type(row[2]) is int
            and row[2] >= 0
            and isinstance(row[3], str)
            and isinstance(row[4], dict)
        ):
            raise BundleRefused("The bundle's contents are not readable.")
        allowed = SYNCED_COLUMNS[row[0]]
        for name, entry in row[4].items():
            if not (name in allowed and isinstance(entry, list) and len(entry) == 3):
                raise BundleRefused("The bundle's contents are not readable.")
            value, stamp, previous = entry
            if not (
                (value is None or type(value) in _VALUE_TYPES)
                and ((type(stamp) is str and stamp in known) or _learn_stamp(stamp, known))
                and (
                    previous is None
                    or (type(previous) is str and previous in known)
                    or _learn_stamp(previous, known)
                )
            ):
                raise BundleRefused("The bundle's contents are not readable.")
        if row[3] and not _is_stamp(row[3]):
            raise BundleRefused("The bundle's contents are not readable.")
    return rows


_VALUE_TYPES = (str, int)


def _learn_stamp(text: Any, known: set[str]) -> bool:
    if not _is_stamp(text):
        return False
    known.add(text)
    return True


# Stamps as `Hlc.encode` writes them: a quick yes for nearly every stamp in a bundle;
# anything else is tried the slow way, so exactly what `Hlc.decode` reads passes.
_PLAIN_STAMP = re.compile(r"[0-9]+-[0-9]+-")


def _is_stamp(text: Any) -> bool:
    if not isinstance(text, str):
        return False
    if _PLAIN_STAMP.match(text):
        return True
    try:
        Hlc.decode(text)
    except ValueError:
        return False
    return True


@collector_paused()
def merge(
    conn: Any,
    rows: list[WireRow],
    *,
    seq: int,
    keep_conflicts: bool,
    permit: Permit | None = None,
    own_device: str = "",
) -> MergeResult:
    """Merge `rows` into the store; conflicts are kept in the result for the caller.

    `keep_conflicts` keeps every concurrent loser (a coordinator's store);
    `own_device` keeps those where this device's own value lost, which a laptop
    reports to the coordinator since no bundle may ever have carried that value.
    """
    result = MergeResult()
    current = row_state.load_many(conn, map(_ROW_KEY, rows))
    out = _Writes(conn, seq)
    # Rows new to this store may be taken whole, unless a permit decides what the
    # sender may write or a row comes twice (its second copy is merged with its first).
    whole = permit is None and len(set(map(_ROW_KEY, rows))) == len(rows)
    for table, row_id, length, length_hlc, fields in rows:
        before = current.get((table, row_id))
        if whole and before is None and out.new_row(table, row_id, length, length_hlc, fields):
            result.added += 1
            continue
        allowed = permit(table, row_id, fields, before) if permit else None
        state = before or RowState(table, row_id, length=0)
        was_alive = before is not None and before.alive
        touched = False
        if before is None and allowed is None:
            # New here, nothing refused: every field as it comes, as _merge_field would
            # take them one by one.
            state.fields = dict(fields)
            touched = bool(fields)
        else:
            for name, entry in fields.items():
                if allowed is not None and name not in allowed.fields:
                    if before is not None and before.stamp(name) == entry[1]:
                        continue  # held already: the sender resent it, and wrote nothing
                    result.skipped += 1
                    if before is not None and name in before.fields:
                        result.refused.append((table, row_id, name))
                    continue
                touched |= _merge_field(state, name, entry, result, keep_conflicts, own_device)
        if length > state.length:
            if allowed is None or allowed.length:
                state.length = length
                state.length_hlc = length_hlc
                touched = True
            elif state.length == 0 and touched:
                # Coming into being is neither a delete nor a restore: a sender that
                # may write a new row's fields may make it live.
                state.length = 1
                result.skipped += int(length > 1)
            else:
                result.skipped += 1
        elif (
            length == state.length
            and length_hlc > state.length_hlc
            and (allowed is None or allowed.length)
        ):
            # The same delete or restore made on two devices: every store keeps the newer.
            state.length_hlc = length_hlc
            touched = True
        if not touched:
            result.unchanged += 1
            continue
        state.seq = seq
        current[(table, row_id)] = state
        out.states.append(state)
        if state.alive:
            values = table_values(conn, state)
            if values is not None:
                out.table_row(table, tuple(values), [row_id, *values.values()])
            if was_alive:
                result.changed += 1
            else:
                result.added += 1
        elif was_alive:
            out.deletes.setdefault(table, []).append(row_id)
            result.deleted += 1
        else:
            result.unchanged += 1
    result.skipped += out.write()
    return result


_ROW_KEY = itemgetter(0, 1)
_VALUE = itemgetter(0)
_PREVIOUS = itemgetter(2)


class _Writes:
    """What a merge writes, gathered so each table and shape of row is one batch."""

    def __init__(self, conn: Any, seq: int) -> None:
        self.conn = conn
        self.seq = seq
        self.states: list[RowState] = []
        self.deletes: dict[str, list[str]] = {}
        # (table, columns) -> [row id, *values] for each row to insert or update
        self.tables: dict[tuple[str, tuple[str, ...]], list[Any]] = {}
        # (table, field names) -> merge state of new rows whose fields share one stamp
        self.shared: dict[tuple[str, tuple[str, ...]], list[tuple[Any, ...]]] = {}
        # (table, field names as they come) -> how new_row takes rows of that shape
        self.shapes: dict[tuple[str, tuple[str, ...]], _Shape | None] = {}

    def table_row(self, table: str, columns: tuple[str, ...], params: Any) -> None:
        self.tables.setdefault((table, columns), []).append(params)

    def new_row(
        self, table: str, row_id: str, length: int, length_hlc: str, fields: dict[str, Any]
    ) -> bool:
        """Take a live row this store has never held, if all its fields share one stamp.

        That is most of a first import: nothing to merge, so its state and table row
        are written as they come, without a RowState, as the merge would leave them.
        Returns False, taking nothing, for any other row (a deleted one, or one that
        cannot be in its table yet, is left to the merge as well).
        """
        if not length % 2:
            return False
        key = (table, tuple(fields))
        shape = self.shapes[key] if key in self.shapes else self._new_shape(table, fields)
        if shape is None:
            return False
        entries = shape.entries_of(fields)
        stamp = entries[0][1]
        count = len(entries)
        if (
            list(map(_STAMP, entries)).count(stamp) != count
            or list(map(_PREVIOUS, entries)).count(None) != count
        ):
            return False
        values = tuple(map(_VALUE, entries))
        shape.states.append((row_id, length, length_hlc, stamp, *values, self.seq))
        shape.table_rows.append((row_id, *values))
        return True

    def _new_shape(self, table: str, fields: dict[str, Any]) -> _Shape | None:
        """How to take new rows with these fields: None if they cannot all be columns."""
        names = frozenset(fields)
        ordered = tuple(sorted(names))
        columns = table_columns(self.conn, table, names)
        shape = None
        if ordered and columns == ordered:
            pick = itemgetter(*ordered)
            shape = _Shape(
                pick if len(ordered) > 1 else lambda one: (pick(one),),
                self.shared.setdefault((table, ordered), []),
                self.tables.setdefault((table, ordered), []),
            )
        self.shapes[(table, tuple(fields))] = shape
        return shape

    def write(self) -> int:
        """Write everything gathered; returns how many table rows did not fit (see _write_rows)."""
        failed = 0
        batches = sorted(self.tables.items(), key=lambda w: _PARENTS_FIRST[w[0][0]])
        for (table, columns), params in batches:
            if params:
                failed += _write_rows(self.conn, upsert_sql(table, columns), params)
        for table, ids in self.deletes.items():
            self.conn.executemany(
                f"DELETE FROM {table} WHERE id = ?",  # noqa: S608 - a synced table's name
                [[i] for i in ids],
            )
        for (table, names), states in self.shared.items():
            if states:
                row_state.save_shared(self.conn, table, names, states)
        row_state.save_many(self.conn, self.states)
        return failed


@dataclass(frozen=True)
class _Shape:
    """New rows of one table with the same fields: where _Writes.new_row puts them."""

    # the row's entries in column order
    entries_of: Callable[[dict[str, Any]], tuple[list[Any], ...]]
    states: list[tuple[Any, ...]]
    table_rows: list[Any]


def _merge_field(
    state: RowState,
    name: str,
    entry: list[Any],
    result: MergeResult,
    keep_conflicts: bool,
    own_device: str,
) -> bool:
    value, stamp, previous = entry
    mine = state.fields.get(name)
    if mine is None:
        state.fields[name] = [value, stamp, previous]
        return True
    my_value, my_stamp, my_previous = mine
    if stamp == my_stamp:
        return False
    same_device = stamp_device(stamp) == stamp_device(my_stamp)
    if stamp > my_stamp:
        concurrent = not same_device and previous != my_stamp
        state.fields[name] = [value, stamp, previous]
        kept, lost = (value, stamp), (my_value, my_stamp)
    else:
        concurrent = not same_device and my_previous != stamp
        kept, lost = (my_value, my_stamp), (value, stamp)
    keep = keep_conflicts or (bool(own_device) and stamp_device(lost[1]) == own_device)
    if concurrent and keep and kept[0] != lost[0]:
        result.conflicts.append(Conflict(state.table, state.row_id, name, *kept, *lost))
    return bool(stamp > my_stamp)


# Parents before the rows that name them, so a new store's rows land in a sensible order.
_PARENTS_FIRST = {
    table: position
    for position, table in enumerate(
        [
            "organisation",
            "people",
            "groups",
            "members",
            "sessions",
            "attendance",
            "person_groups",
            "stage_changes",
            "training",
            "supervision",
            "unavailable",
            "pauses",
            "services",
            "handout_edits",
            "protocol_versions",
            "incidents",
            "incident_addenda",
            "debriefs",
            "debrief_addenda",
            "follow_ups",
            "sealed_records",
            "inbox",
            "retention_rules",
            "retention_holds",
            "app_name",
            "wipe_policy",
            "erasures",
        ]
    )
}


def _write_rows(conn: Any, sql: str, params: list[list[Any]]) -> int:
    """Write rows in one batch; if one breaks a uniqueness rule, write the rest one by one.

    Such a row stays in the merge state only (a later change may make it fit), so one
    awkward row never stops a whole stick from being imported. Returns how many failed.
    """
    conn.execute("SAVEPOINT batch")
    try:
        conn.executemany(sql, params)
    except Exception as error:
        if "constraint" not in str(error).lower():
            raise
        conn.execute("ROLLBACK TO batch")
        failed = 0
        for one in params:
            conn.execute("SAVEPOINT one")
            try:
                conn.execute(sql, one)
            except Exception as row_error:
                if "constraint" not in str(row_error).lower():
                    raise
                conn.execute("ROLLBACK TO one")
                failed += 1
            conn.execute("RELEASE one")
        conn.execute("RELEASE batch")
        return failed
    conn.execute("RELEASE batch")
    return 0
