"""The merge state of synced rows: causal length and, per field, value and stamps.

Each field is kept as [value, stamp, previous foreign stamp]. The previous
foreign stamp is the newest stamp from *another* device that this field had
when the device began its run of edits; a receiver whose current stamp is not
that one knows the two edits were made without seeing each other (a conflict).

Stored, a row's fields share one stamp: the table's `stamp` column holds the stamp
most of its fields have, and a field with that stamp and no previous foreign stamp
is kept as just [value]; any other field as all three. Nearly every row is written
once by one device, so this stores each stamp once a row instead of once a field:
five years of a charity's merge state is 22 MB instead of 41 MB, and taking in a
whole bundle writes that much less (benchmarks/sync.py). `[value]` keeps a field's
value at `$.name[0]`, where SQL reads it.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Any

Value = str | int | None


def stamp_device(stamp: str) -> str:
    return stamp.split("-", 2)[2] if stamp.count("-") >= 2 else ""


@dataclass
class RowState:
    table: str
    row_id: str
    length: int = 1
    length_hlc: str = ""
    fields: dict[str, list[Any]] = field(default_factory=dict)
    seq: int = 0

    @property
    def alive(self) -> bool:
        return self.length % 2 == 1

    def values(self) -> dict[str, Value]:
        return {name: entry[0] for name, entry in self.fields.items()}

    def stamp(self, name: str) -> str:
        entry = self.fields.get(name)
        return "" if entry is None else str(entry[1])

    def newest_stamp(self) -> str:
        return max([self.length_hlc, *(str(e[1]) for e in self.fields.values())])

    def write_local(self, values: Mapping[str, Value], stamp: str) -> None:
        device = stamp_device(stamp)
        for name, value in values.items():
            old = self.fields.get(name)
            if old is None:
                previous = None
            elif stamp_device(str(old[1])) == device:
                previous = old[2]
            else:
                previous = old[1]
            self.fields[name] = [value, stamp, previous]


def load(conn: Any, table: str, row_id: str) -> RowState | None:
    row = conn.execute(
        "SELECT length, length_hlc, stamp, fields, seq FROM row_state "
        "WHERE table_name = ? AND row_id = ?",
        [table, row_id],
    ).fetchone()
    if row is None:
        return None
    length, length_hlc, stamp, fields, seq = row
    return RowState(table, row_id, int(length), str(length_hlc), unpack(stamp, fields), int(seq))


# Beyond this many ids of one table, reading which ids that table holds at all is
# quicker than asking for them 500 at a time: a first import asks for every row it
# brings, and a new store holds none of them.
_SCAN_FROM = 2000


def load_many(conn: Any, keys: Iterable[tuple[str, str]]) -> dict[tuple[str, str], RowState]:
    """Row states for many (table, row id) pairs in a few round trips."""
    by_table: dict[str, list[str]] = {}
    for table, row_id in keys:
        by_table.setdefault(table, []).append(row_id)
    found: dict[tuple[str, str], RowState] = {}
    for table, ids in by_table.items():
        if len(ids) > _SCAN_FROM:
            held = {r[0] for r in conn.execute(_HELD_IDS, [table])}
            ids = [i for i in ids if i in held]
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            marks = ", ".join("?" for _ in chunk)
            for row_id, length, length_hlc, stamp, fields, seq in conn.execute(
                "SELECT row_id, length, length_hlc, stamp, fields, seq FROM row_state "  # noqa: S608
                f"WHERE table_name = ? AND row_id IN ({marks})",
                [table, *chunk],
            ):
                found[(table, row_id)] = RowState(
                    table, row_id, int(length), str(length_hlc), unpack(stamp, fields), int(seq)
                )
    return found


_HELD_IDS = "SELECT row_id FROM row_state WHERE table_name = ?"


def unpack(stamp: str, text: str) -> dict[str, list[Any]]:
    """A row's fields as stored (see the module's note) as [value, stamp, previous]."""
    return {
        name: entry if len(entry) == 3 else [entry[0], stamp, None]
        for name, entry in _decode(text)[0].items()
    }


# The store's own JSON, with nothing around it: read without json.loads's checks for
# surrounding space, as an export reads every row's state.
_decode = json.JSONDecoder().raw_decode


def pack(fields: Mapping[str, list[Any]]) -> tuple[str, str]:
    """The row's shared stamp and its fields as stored (see the module's note)."""
    entries = fields.values()
    stamps = set(map(_STAMP, entries))
    if len(stamps) == 1 and set(map(_PREVIOUS, entries)) == _NONE_ONLY:
        # Nearly every row: written once, by one device. Seen whole by C-level calls,
        # as this runs for every row a bundle brings.
        (stamp,) = stamps
        return str(stamp), _encode({name: [entry[0]] for name, entry in fields.items()})
    stamp = shared_stamp(fields)
    return stamp, _encode(
        {
            name: [entry[0]] if entry[1] == stamp and entry[2] is None else entry
            for name, entry in fields.items()
        }
    )


_STAMP = itemgetter(1)
_PREVIOUS = itemgetter(2)
_NONE_ONLY = frozenset({None})


def shared_stamp(fields: Mapping[str, list[Any]]) -> str:
    """The stamp most fields without a previous foreign stamp have (the newest on a tie)."""
    counts = Counter(entry[1] for entry in fields.values() if entry[2] is None)
    if not counts:
        return ""
    return str(max(counts, key=lambda stamp: (counts[stamp], stamp)))


# Field values are plain JSON (str, int, None), so there are no cycles to look for;
# json.dumps's own check is a sixth of encoding a whole bundle's merge state. No
# spaces, as SQLite writes it in save_shared.
_encode = json.JSONEncoder(check_circular=False, separators=(",", ":")).encode


def save_many(conn: Any, states: Iterable[RowState]) -> None:
    conn.executemany(
        f"{_INSERT} VALUES (?, ?, ?, ?, ?, ?, ?) {_OR_UPDATE}",
        [(s.table, s.row_id, s.length, s.length_hlc, *pack(s.fields), s.seq) for s in states],
    )


_INSERT = "INSERT INTO row_state (table_name, row_id, length, length_hlc, stamp, fields, seq)"
_OR_UPDATE = (
    "ON CONFLICT (table_name, row_id) DO UPDATE SET "
    "length = excluded.length, length_hlc = excluded.length_hlc, "
    "stamp = excluded.stamp, fields = excluded.fields, seq = excluded.seq"
)


def save_shared(conn: Any, table: str, names: tuple[str, ...], rows: list[tuple[Any, ...]]) -> None:
    """Save rows of `table` whose fields `names` share one stamp and no previous foreign one.

    Each row is (row id, length, length stamp, stamp, *values in `names` order, seq).
    SQLite writes their fields as stored (each [value]), so a bundle's new rows need
    no JSON made for them one by one in Python.
    """
    if not all(name.isidentifier() for name in (table, *names)):
        raise ValueError("table and field names are identifiers")
    fields = ", ".join(f"'{name}', json_array(?)" for name in names)
    conn.executemany(
        f"{_INSERT} VALUES ('{table}', ?, ?, ?, ?, json_object({fields}), ?) {_OR_UPDATE}", rows
    )
