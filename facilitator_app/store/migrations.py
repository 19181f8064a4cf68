"""Schema migrations: numbered SQL files, PRAGMA user_version, one transaction each.

Before migrating a store that already has data, an encrypted copy of store.db is
kept in `backups/` (same key), so a failed upgrade can be rolled back by hand.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from facilitator_app.domain.errors import StoreTooNew
from facilitator_app.store.files import make_private, make_private_dir

_NAME = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")
BACKUP_DIR = "backups"


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    sql: str


def all_migrations() -> list[Migration]:
    folder = resources.files("facilitator_app.store") / "migrations"
    found = []
    for entry in folder.iterdir():
        match = _NAME.match(entry.name)
        if match:
            found.append(Migration(int(match.group(1)), entry.name, entry.read_text("utf-8")))
    found.sort(key=lambda m: m.version)
    if [m.version for m in found] != list(range(1, len(found) + 1)):
        raise RuntimeError("Migration files must be numbered 0001, 0002, … without gaps")
    return found


def latest_version() -> int:
    return all_migrations()[-1].version


def schema_version(conn: Any) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def migrate(conn: Any, db_path: Path, *, target: int | None = None) -> list[int]:
    """Bring the schema up to `target` (default: newest). Returns the versions applied."""
    migrations = all_migrations()
    newest = migrations[-1].version
    target = newest if target is None else target
    current = schema_version(conn)
    if current > newest:
        raise StoreTooNew(
            "This store was made by a newer version of the app. Update the app to open it."
        )
    pending = [m for m in migrations if current < m.version <= target]
    if not pending:
        return []
    if current > 0:
        _backup_before(conn, db_path, current)
    for migration in pending:
        try:
            conn.executescript(
                "BEGIN IMMEDIATE;\n"
                + migration.sql
                + f"\nPRAGMA user_version = {migration.version};\nCOMMIT;"
            )
        except Exception:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
    return [m.version for m in pending]


def _backup_before(conn: Any, db_path: Path, version: int) -> None:
    # The WAL must be folded in first, or the copy would miss recent writes.
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    folder = db_path.parent / BACKUP_DIR
    make_private_dir(folder)
    target = folder / f"store-schema-{version}.db"
    shutil.copyfile(db_path, target)
    make_private(target)
