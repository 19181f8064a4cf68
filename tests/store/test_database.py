"""Opening the SQLCipher database with a raw key."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from facilitator_app.domain.errors import StoreError
from facilitator_app.store.database import DB_NAME, connect, integrity_problems
from facilitator_app.store.store import Store


def test_a_new_database_is_encrypted_from_its_first_byte(tmp_path: Path) -> None:
    conn = connect(tmp_path / DB_NAME, os.urandom(32))
    conn.execute("CREATE TABLE t (x TEXT)")
    conn.execute("INSERT INTO t VALUES ('plain words')")
    conn.close()
    data = (tmp_path / DB_NAME).read_bytes()
    assert not data.startswith(b"SQLite format 3")
    assert b"plain words" not in data


def test_the_wrong_key_is_refused(tmp_path: Path) -> None:
    conn = connect(tmp_path / DB_NAME, os.urandom(32))
    conn.execute("CREATE TABLE t (x TEXT)")
    conn.close()
    with pytest.raises(StoreError) as caught:
        connect(tmp_path / DB_NAME, os.urandom(32))
    assert "could not be read with its key" in caught.value.message


def test_a_plain_sqlite_file_is_refused(tmp_path: Path) -> None:
    import sqlite3

    plain = sqlite3.connect(tmp_path / DB_NAME)
    plain.execute("CREATE TABLE t (x TEXT)")
    plain.commit()
    plain.close()
    with pytest.raises(StoreError):
        connect(tmp_path / DB_NAME, os.urandom(32))


def test_the_connection_is_set_up_as_designed(store: Store) -> None:
    conn = store.conn

    def pragma(name: str) -> object:
        return conn.execute(f"PRAGMA {name}").fetchone()[0]

    assert pragma("journal_mode") == "wal"
    assert pragma("synchronous") == 2  # FULL
    assert pragma("temp_store") == 2  # MEMORY
    assert pragma("secure_delete") == 1
    assert pragma("foreign_keys") == 1
    assert int(str(pragma("cipher_version")).split(".")[0]) >= 4


def test_a_sound_store_has_no_integrity_problems(store: Store) -> None:
    assert integrity_problems(store.conn) == []


def test_a_missing_parent_row_is_a_problem(store: Store) -> None:
    store.conn.execute("PRAGMA foreign_keys = OFF")
    store.conn.execute("INSERT INTO members (id, group_id, name) VALUES ('m', 'no-group', 'Jo')")
    assert integrity_problems(store.conn) == ["missing parent row in members"]
