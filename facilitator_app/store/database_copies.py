"""Copies of the open database: re-encrypted with a new key, or read as one consistent file."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from facilitator_app.domain.errors import StoreDamaged, StoreError
from facilitator_app.store.database import DB_NAME, connect, integrity_problems
from facilitator_app.store.migrations import schema_version


def _raw_key(key: bytes) -> str:
    # The x'…' form is a raw key; any other string would go through SQLCipher's own KDF.
    return f"x'{key.hex()}'"


def export_with_new_key(conn: Any, target: Path, new_key: bytes) -> None:
    """Write the whole database to `target` (which must not exist), encrypted with `new_key`.

    sqlcipher_export copies the schema and every row but not `user_version`, which
    holds the schema version here, so that is carried over by hand. The cipher
    settings are SQLCipher 4's defaults on both sides (the app sets none).
    """
    if target.exists():
        raise FileExistsError(target)
    version = schema_version(conn)
    conn.execute("ATTACH DATABASE ? AS rotated KEY ?", [str(target), _raw_key(new_key)])
    try:
        conn.execute("SELECT sqlcipher_export('rotated')")
        conn.execute(f"PRAGMA rotated.user_version = {int(version)}")
    finally:
        conn.execute("DETACH DATABASE rotated")


def table_counts(conn: Any) -> dict[str, int]:
    """Rows in every table, to compare a copy with the original."""
    names = [
        str(row[0])
        for row in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "ORDER BY name"
        )
    ]
    return {
        name: int(conn.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0])  # noqa: S608
        for name in names
    }


def page_problems(conn: Any) -> list[str]:
    """SQLCipher's and SQLite's page checks, without the foreign-key check.

    A sound store may hold a row whose parent has not arrived yet (sync takes rows in
    with foreign keys off), so a copy is judged by its pages and rows alone.
    """
    return [p for p in integrity_problems(conn) if not p.startswith("missing parent row")]


def check_copy(
    copy: Path,
    key: bytes,
    *,
    expected_counts: dict[str, int] | None = None,
    expected_version: int | None = None,
) -> None:
    """Open `copy` with `key` and run every check; raise StoreDamaged with what failed.

    The copy is closed afterwards with its write-ahead log folded in and removed.
    """
    conn = connect(copy, key)
    try:
        problems = page_problems(conn)
        if problems:
            raise StoreDamaged(f"The copy failed its integrity check ({problems[0]}).")
        if expected_version is not None and schema_version(conn) != expected_version:
            raise StoreDamaged("The copy's schema version differs from the store's.")
        if expected_counts is not None and table_counts(conn) != expected_counts:
            raise StoreDamaged("The copy does not hold the same rows as the store.")
    finally:
        with contextlib.suppress(Exception):
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.close()


@contextlib.contextmanager
def consistent_file(conn: Any, folder: Path) -> Iterator[Path]:
    """store.db with every committed write in it, unchanging while the block runs.

    The write-ahead log is folded in and emptied first; a read transaction is then
    held, so no checkpoint can change the file's pages until the block ends. The
    store's one connection is this one (and the store lock keeps other processes
    out), so nothing else writes meanwhile.
    """
    busy, _, _ = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    if busy:
        raise StoreError("The store is busy; try again in a moment.")
    conn.execute("BEGIN")
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        yield folder / DB_NAME
    finally:
        conn.execute("COMMIT")
