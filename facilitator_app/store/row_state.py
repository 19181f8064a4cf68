"""The merge state of synced rows: causal length and, per field, value and stamps.

Each field is kept as [value, stamp, previous foreign stamp]. The previous
foreign stamp is the newest stamp from *another* device that this field had
when the device began its run of edits; a receiver whose current stamp is not
that one knows the two edits were made without seeing each other (a conflict).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
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
        "SELECT length, length_hlc, fields, seq FROM row_state WHERE table_name = ? AND row_id = ?",
        [table, row_id],
    ).fetchone()
    if row is None:
        return None
    return RowState(table, row_id, int(row[0]), str(row[1]), json.loads(row[2]), int(row[3]))


def load_many(conn: Any, keys: Iterable[tuple[str, str]]) -> dict[tuple[str, str], RowState]:
    """Row states for many (table, row id) pairs in a few round trips."""
    by_table: dict[str, list[str]] = {}
    for table, row_id in keys:
        by_table.setdefault(table, []).append(row_id)
    found: dict[tuple[str, str], RowState] = {}
    for table, ids in by_table.items():
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            marks = ", ".join("?" for _ in chunk)
            for row_id, length, length_hlc, fields, seq in conn.execute(
                "SELECT row_id, length, length_hlc, fields, seq FROM row_state "  # noqa: S608
                f"WHERE table_name = ? AND row_id IN ({marks})",
                [table, *chunk],
            ):
                found[(table, row_id)] = RowState(
                    table, row_id, int(length), str(length_hlc), json.loads(fields), int(seq)
                )
    return found


# Field values are plain JSON (str, int, None), so there are no cycles to look for;
# json.dumps's own check is a sixth of encoding a whole bundle's merge state.
_encode = json.JSONEncoder(check_circular=False).encode


def save_many(conn: Any, states: Iterable[RowState]) -> None:
    conn.executemany(
        "INSERT INTO row_state (table_name, row_id, length, length_hlc, fields, seq) "
        "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (table_name, row_id) DO UPDATE SET "
        "length = excluded.length, length_hlc = excluded.length_hlc, "
        "fields = excluded.fields, seq = excluded.seq",
        [(s.table, s.row_id, s.length, s.length_hlc, _encode(s.fields), s.seq) for s in states],
    )
