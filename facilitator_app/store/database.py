"""Opening the SQLCipher database with a raw key and the pragmas DESIGN.md asks for."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import sqlcipher3

from facilitator_app.domain.errors import StoreDamaged
from facilitator_app.store.files import make_private

DB_NAME = "store.db"
REQUIRED_MAJOR = 4

DatabaseError = sqlcipher3.DatabaseError


def connect(db_path: Path, data_key: bytes) -> Any:
    """Open `db_path` with `data_key`, or raise if the key is wrong or page 1 is damaged."""
    # isolation_level=None: we issue BEGIN/COMMIT ourselves, so nothing commits by surprise.
    conn = sqlcipher3.connect(str(db_path), isolation_level=None, check_same_thread=True)
    try:
        # Otherwise SQLCipher prints decryption failures to stderr.
        conn.execute("PRAGMA cipher_log_level = NONE")
        # Anything but the x'…' form would be run through SQLCipher's own passphrase KDF.
        conn.execute(f"PRAGMA key = \"x'{data_key.hex()}'\"")
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlcipher3.DatabaseError:
            # keys.json already proved the passphrase, so this is the database itself.
            raise StoreDamaged(
                "The store's database could not be read with its key: it is damaged "
                "or belongs to a different key file."
            ) from None
        version = conn.execute("PRAGMA cipher_version").fetchone()
        if not version or int(str(version[0]).split(".")[0]) < REQUIRED_MAJOR:
            raise StoreDamaged("This app needs SQLCipher 4 or newer to open the store.")
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA temp_store = MEMORY")
        conn.execute("PRAGMA secure_delete = ON")
        conn.execute("PRAGMA foreign_keys = ON")
    except BaseException:
        conn.close()
        raise
    make_private(db_path)
    return conn


def integrity_problems(conn: Any) -> list[str]:
    """Both checks DESIGN.md names; an empty list means the store is sound."""
    problems: list[str] = []
    try:
        problems.extend(str(row[0]) for row in conn.execute("PRAGMA cipher_integrity_check"))
        rows = [str(row[0]) for row in conn.execute("PRAGMA integrity_check")]
        if rows != ["ok"]:
            problems.extend(rows)
        problems.extend(
            f"missing parent row in {row[0]}" for row in conn.execute("PRAGMA foreign_key_check")
        )
    except sqlcipher3.DatabaseError as error:
        # A page that fails its authentication code stops SQLite's own checks part way;
        # that failure is itself the finding.
        problems.append(f"the check could not finish: {error}")
    return problems
