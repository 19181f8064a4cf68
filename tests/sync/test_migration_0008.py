"""Migration 0008 gives every record written before sync its merge state.

Each field's newest value comes from change_log, which schema 7 already kept; the
records then travel to a laptop paired after the upgrade like any others.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

from facilitator_app.domain.facilitators import Availability
from facilitator_app.domain.members import MemberFields
from facilitator_app.services import facilitators, groups, members, sessions
from facilitator_app.store import row_state
from facilitator_app.store.changes import SYNCED_COLUMNS
from facilitator_app.store.database import DB_NAME, connect
from facilitator_app.store.keys import KEYS_NAME, KeyFile
from facilitator_app.store.migrations import latest_version, migrate, schema_version
from facilitator_app.store.store import Store
from tests.factories import (
    PASSPHRASE,
    FakeClock,
    group_fields,
    make_group,
    make_member,
    make_session,
    make_store,
)
from tests.sync.helpers import field_value
from tests.sync_setup import carry, give_groups, join


def states(conn: Any) -> dict[tuple[str, str], tuple[int, str, dict[str, Any]]]:
    """Every row's merge state, each field as [value, stamp, previous foreign stamp]."""
    return {
        (table, row_id): (length, length_hlc, row_state.unpack(stamp, fields))
        for table, row_id, length, length_hlc, stamp, fields in conn.execute(
            "SELECT table_name, row_id, length, length_hlc, stamp, fields FROM row_state"
        )
    }


def schema_7_copy(store: Store, folder: Path) -> bytes:
    """A schema 7 store in `folder` with `store`'s records, as the app kept them before
    sync (change_log included), under the same key; returns the data key."""
    data_key = KeyFile.load(store.folder).unlock_with_passphrase(PASSPHRASE)
    folder.mkdir()
    conn = connect(folder / DB_NAME, data_key)
    try:
        migrate(conn, folder / DB_NAME, target=7)
        conn.execute("BEGIN")
        for (table,) in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        ).fetchall():
            names = ", ".join(str(c[1]) for c in conn.execute(f"PRAGMA table_info({table})"))
            rows = store.conn.execute(f"SELECT {names} FROM {table}").fetchall()  # noqa: S608
            marks = ", ".join("?" for _ in names.split(", "))
            conn.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", rows)  # noqa: S608
        conn.execute("DELETE FROM meta WHERE key = 'sync_seq'")
        conn.execute("COMMIT")
    finally:
        conn.close()
    shutil.copyfile(store.folder / KEYS_NAME, folder / KEYS_NAME)
    return data_key


def test_a_schema_7_store_gets_the_newest_value_of_every_field(tmp_path: Path) -> None:
    clock = FakeClock()
    store = make_store(tmp_path / "store", clock=clock)
    group = make_group(store, name="Tuesday group")
    member = make_member(store, group.id, name="Ayşe")
    session = make_session(store, group.id)
    for step, name in enumerate(("Tuesday evening group", "Tuesday 'late' group")):
        clock.advance(60 + step)
        groups.update_group(store, group.id, group_fields(name=name, venue=f"Room {step}"))
    members.update_member(store, member.id, MemberFields(name="Ayşe Y."))
    sessions.set_headcount(store, session.id, None)
    sessions.save_notes(store, session.id, "Line one\nLine two 🌻")
    facilitators.save_availability(
        store, store.facts.owner_person_id, Availability(max_per_month=4)
    )
    expected = states(store.conn)
    try:
        data_key = schema_7_copy(store, tmp_path / "older")
    finally:
        store.close()

    upgraded = Store.open(tmp_path / "older", data_key, clock=clock)
    try:
        assert schema_version(upgraded.conn) == latest_version()
        found = states(upgraded.conn)
        assert found.keys() == expected.keys()
        for key, (_length, _length_hlc, fields) in expected.items():
            length, length_hlc, migrated = found[key]
            assert (length, length_hlc) == (1, "")
            assert {n: f[:2] for n, f in migrated.items()} == {
                n: f[:2] for n, f in fields.items()
            }, key
        assert found[("groups", group.id)][2]["name"][0] == "Tuesday 'late' group"
        assert found[("members", member.id)][2]["name"][0] == "Ayşe Y."
        assert found[("sessions", session.id)][2]["notes"][0] == "Line one\nLine two 🌻"
        assert found[("sessions", session.id)][2]["headcount"][0] is None
        every_row = {
            (table, str(row[0]))
            for table in SYNCED_COLUMNS
            for row in upgraded.conn.execute(f"SELECT id FROM {table}")  # noqa: S608
        }
        assert every_row <= found.keys(), "a record has no merge state after migrating"
        assert upgraded.integrity_problems() == []
    finally:
        upgraded.close()


def test_change_log_order_decides_the_newest_value(tmp_path: Path) -> None:
    path = tmp_path / DB_NAME
    conn = connect(path, os.urandom(32))
    try:
        migrate(conn, path, target=7)
        conn.execute("BEGIN")
        conn.executemany(
            "INSERT INTO change_log (hlc, table_name, row_id, field, value) VALUES (?, ?, ?, ?, ?)",
            [
                ("001000000000000-000000-dev", "groups", "g1", "name", '"First"'),
                ("001000000000000-000000-dev", "groups", "g1", "venue", '"Hall"'),
                ("001000000000000-000001-dev", "groups", "g1", "name", '"Second"'),
                ("001000000000001-000000-dev", "groups", "g1", "venue", "null"),
                ("001000000000002-000000-dev", "groups", "g1", "name", '"Third \\"quoted\\""'),
                ("001000000000000-000000-dev", "sessions", "s1", "headcount", "3"),
                ("001000000000005-000000-dev", "sessions", "s1", "headcount", "12"),
            ],
        )
        conn.execute("COMMIT")

        migrate(conn, path)

        found = states(conn)
        assert found == {
            ("groups", "g1"): (
                1,
                "",
                {
                    "name": ['Third "quoted"', "001000000000002-000000-dev", None],
                    "venue": [None, "001000000000001-000000-dev", None],
                },
            ),
            ("sessions", "s1"): (1, "", {"headcount": [12, "001000000000005-000000-dev", None]}),
        }
        assert conn.execute("SELECT DISTINCT seq FROM row_state").fetchall() == [(0,)]
    finally:
        conn.close()


def test_records_from_before_sync_reach_a_laptop_paired_after(tmp_path: Path) -> None:
    clock = FakeClock()
    store = make_store(tmp_path / "coordinator", clock=clock)
    group = make_group(store, name="Old group")
    member = make_member(store, group.id, name="Old name")
    clock.advance(60)
    members.update_member(store, member.id, MemberFields(name="Newest name"))
    try:
        data_key = schema_7_copy(store, tmp_path / "older")
    finally:
        store.close()
    coordinator = Store.open(tmp_path / "older", data_key, clock=clock)
    robin = join(coordinator, tmp_path / "robin", "Robin", clock, tmp=tmp_path)
    try:
        give_groups(coordinator, robin.person_id, group.id)

        [result] = carry(coordinator, robin.store, tmp_path)

        assert result.refused is None
        assert field_value(robin.store, "groups", group.id, "name") == "Old group"
        assert field_value(robin.store, "members", member.id, "name") == "Newest name"
    finally:
        robin.store.close()
        coordinator.close()
