"""Change capture: each synced write logs the fields it changed, with one stamp a write."""

from __future__ import annotations

import json

import pytest

from facilitator_app.domain.hlc import Hlc
from facilitator_app.store import changes
from facilitator_app.store.store import Store, new_id
from tests.factories import change_log, last_seq

PERSON = {"name": "Robin", "role": "facilitator", "archived_on": None}


def test_insert_logs_every_field_with_one_stamp(store: Store) -> None:
    seq = last_seq(store)
    person_id = new_id()
    with store.transaction():
        store.insert("people", person_id, PERSON)
    logged = [row for row in change_log(store) if row.seq > seq]
    assert {row.field: json.loads(row.value or "") for row in logged} == PERSON
    assert {row.table for row in logged} == {"people"}
    assert {row.row_id for row in logged} == {person_id}
    assert len({row.hlc for row in logged}) == 1


def test_update_logs_only_changed_fields(store: Store) -> None:
    person_id = new_id()
    with store.transaction():
        store.insert("people", person_id, PERSON)
    seq = last_seq(store)
    with store.transaction():
        assert store.update("people", person_id, {"name": "Robin", "role": "coordinator"})
    logged = [row for row in change_log(store) if row.seq > seq]
    assert [(row.field, row.value) for row in logged] == [("role", '"coordinator"')]
    assert store.conn.execute("SELECT role FROM people WHERE id = ?", [person_id]).fetchone() == (
        "coordinator",
    )


def test_an_update_that_changes_nothing_logs_nothing(store: Store) -> None:
    person_id = new_id()
    with store.transaction():
        store.insert("people", person_id, PERSON)
    seq = last_seq(store)
    with store.transaction():
        assert store.update("people", person_id, {"name": "Robin"})
        assert store.update("people", person_id, {})
    assert last_seq(store) == seq


def test_update_of_a_missing_row_says_so(store: Store) -> None:
    seq = last_seq(store)
    with store.transaction():
        assert store.update("people", "no-such-id", {"name": "Robin"}) is False
    assert last_seq(store) == seq


@pytest.mark.parametrize(
    ("table", "values"),
    [
        ("meta", {"key": "x"}),  # not a synced table
        ("sqlite_master", {"name": "x"}),
        ("people", {"name": "Robin", "id; DROP TABLE people": "x"}),
        ("people", {"password": "x"}),
    ],
)
def test_tables_and_columns_outside_the_synced_list_are_refused(
    store: Store, table: str, values: dict[str, str]
) -> None:
    seq = last_seq(store)
    expected = table if table != "people" else "unknown columns"
    with pytest.raises(ValueError, match=expected):
        changes.insert_row(store.conn, table, new_id(), values, Hlc(1, 0, "d"))
    with pytest.raises(ValueError, match=expected):
        changes.update_row(store.conn, table, new_id(), values, Hlc(1, 0, "d"))
    assert last_seq(store) == seq


def test_a_failed_transaction_leaves_neither_row_nor_log(store: Store) -> None:
    seq = last_seq(store)
    person_id = new_id()

    def insert_then_fail() -> None:
        with store.transaction():
            store.insert("people", person_id, PERSON)
            raise RuntimeError("power cut")

    with pytest.raises(RuntimeError, match="power cut"):
        insert_then_fail()
    assert last_seq(store) == seq
    assert store.conn.execute(
        "SELECT count(*) FROM people WHERE id = ?", [person_id]
    ).fetchone() == (0,)


def test_every_write_gets_a_later_stamp_with_a_stopped_clock(store: Store) -> None:
    with store.transaction():
        for n in range(5):
            store.insert("people", new_id(), PERSON | {"name": f"Person {n}"})
    stamps = [row.hlc for row in change_log(store)]
    assert stamps == sorted(stamps)
    distinct = sorted(set(stamps))
    decoded = [Hlc.decode(stamp) for stamp in distinct]
    assert len({(s.wall_ms, s.counter) for s in decoded}) == len(distinct)


def test_the_clock_is_kept_in_the_store(store: Store) -> None:
    with store.transaction():
        store.insert("people", new_id(), PERSON)
    newest = max(row.hlc for row in change_log(store))
    assert store.meta("hlc") == newest
