"""Rows new to a store are taken whole (merge._Writes.new_row), leaving what the merge would."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from facilitator_app.domain.errors import BundleRefused
from facilitator_app.store import row_state
from facilitator_app.store.store import Store
from facilitator_app.sync import merge as merging
from facilitator_app.sync import scope
from facilitator_app.sync.merge import MergeResult, WireRow, check_rows
from tests.factories import make_group, make_member, make_session, make_store

OTHER = "001900000000000-000000-otherdevice"


def source_rows(folder: Path) -> list[WireRow]:
    """A group, a member and a session as another store's bundle carries them."""
    source = make_store(folder)
    try:
        group = make_group(source, name="Tuesday group")
        make_member(source, group.id, name="Alex")
        make_session(source, group.id)
        return scope.all_rows(source.conn)
    finally:
        source.close()


def variants(rows: list[WireRow]) -> list[WireRow]:
    """The rows, and copies new to a receiver that the quick way must leave alone."""
    made = []
    for n, row in enumerate(rows):
        table, _row_id, length, length_hlc, fields = copy.deepcopy(row)
        name = sorted(fields)[0]
        later = copy.deepcopy(fields)
        later[name] = [later[name][0], OTHER, None]  # one field with another stamp
        seen = copy.deepcopy(fields)
        seen[name] = [seen[name][0], seen[name][1], OTHER]  # a previous foreign stamp
        partial = {k: v for k, v in fields.items() if k != max(fields)}
        made += [
            [table, f"later-{n}", length, length_hlc, later],
            [table, f"seen-{n}", length, length_hlc, seen],
            [table, f"deleted-{n}", 2, OTHER, copy.deepcopy(fields)],
            [table, f"partial-{n}", length, length_hlc, partial],
            [table, f"empty-{n}", 1, OTHER, {}],
        ]
    return rows + made


# What a merge left: its result, the rows' merge state and their table rows.
Left = tuple[MergeResult, dict[tuple[str, str], Any], dict[str, Any]]


def merged(
    store: Store, rows: list[WireRow], monkeypatch: pytest.MonkeyPatch, *, quick: bool
) -> tuple[Left, set[str]]:
    """Merge `rows` the quick way for new rows, or with it turned off; what it left."""
    taken_whole: set[str] = set()
    new_row = merging._Writes.new_row

    def counted(writes: Any, table: str, row_id: str, *rest: Any) -> bool:
        taken = quick and new_row(writes, table, row_id, *rest)
        if taken:
            taken_whole.add(row_id)
        return taken

    with monkeypatch.context() as patch:
        patch.setattr(merging._Writes, "new_row", counted)
        with store.foreign_keys_off(), store.transaction():
            result = merging.merge(
                store.conn,
                check_rows(copy.deepcopy(rows)),
                seq=store.sync_seq(),
                keep_conflicts=True,
            )
    keys = [(str(r[0]), str(r[1])) for r in rows]
    states = {
        key: (s.length, s.length_hlc, s.fields, s.seq)
        for key, s in row_state.load_many(store.conn, keys).items()
    }
    tables = {
        table: store.conn.execute(
            f"SELECT * FROM {table} WHERE id IN ({', '.join('?' for _ in keys)})",  # noqa: S608
            [row_id for _table, row_id in keys],
        ).fetchall()
        for table in {key[0] for key in keys}
    }
    return (result, states, tables), taken_whole


def test_new_rows_taken_whole_are_left_as_the_merge_leaves_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    originals = source_rows(tmp_path / "source")
    rows = variants(originals)
    quick, slow = make_store(tmp_path / "quick"), make_store(tmp_path / "slow")
    try:
        taken, taken_whole = merged(quick, rows, monkeypatch, quick=True)
        one_by_one, _none = merged(slow, rows, monkeypatch, quick=False)
    finally:
        quick.close()
        slow.close()

    assert taken == one_by_one
    assert {str(row[1]) for row in originals} <= taken_whole
    assert not {i for i in taken_whole if i.startswith(("later-", "seen-", "deleted-", "empty-"))}
    _result, states, _tables = taken
    assert len(states) == len(rows)


def test_a_row_sent_twice_is_merged_with_itself(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = source_rows(tmp_path / "source")
    again = copy.deepcopy(rows[0])
    name = sorted(again[4])[0]
    again[4][name] = ["changed", OTHER, None]
    rows.append(again)
    quick, slow = make_store(tmp_path / "quick"), make_store(tmp_path / "slow")
    try:
        taken, taken_whole = merged(quick, rows, monkeypatch, quick=True)
        one_by_one, _none = merged(slow, rows, monkeypatch, quick=False)
    finally:
        quick.close()
        slow.close()

    assert taken == one_by_one
    assert taken_whole == set()
    _result, states, _tables = taken
    assert states[(rows[0][0], rows[0][1])][2][name] == ["changed", OTHER, None]


@pytest.mark.parametrize("table", [["groups"], {"groups": 1}, 7, None])
def test_a_row_whose_table_is_not_a_name_is_refused_as_not_readable(table: object) -> None:
    with pytest.raises(BundleRefused, match="not readable"):
        check_rows([[table, "g1", 1, "", {}]])
