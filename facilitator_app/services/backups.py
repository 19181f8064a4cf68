"""Backing up a store to one encrypted file, and restoring it (issue 10).

A backup holds keys.json and a consistent copy of store.db (see store/backup_file.py),
so it opens with the passphrase the store had on the day it was made. It is written
as bundles are: `name.partial`, flushed, renamed, the folder flushed, then read back
and checked before it is called done.

A restore checks the whole backup before it touches anything: the passphrase
unwraps its key, the stream decrypts to a staging folder inside the store folder, the
copy passes SQLCipher's and SQLite's integrity checks and is of the same store. Only
then are store.db and keys.json replaced together (store/replacement.py). What a
restore does to sync is explained in sync/restored.py.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from facilitator_app.domain.audit import AuditAction, AuditKind
from facilitator_app.domain.errors import (
    BackupRefused,
    StoreDamaged,
    StoreTooNew,
    WrongPassphrase,
)
from facilitator_app.services.audit import record_event, record_once_open
from facilitator_app.services.output_files import CannotWrite, reason_for
from facilitator_app.store import backup_file
from facilitator_app.store.backup_file import SUFFIX, BackupCancelled, BackupHeader
from facilitator_app.store.database import DB_NAME, connect
from facilitator_app.store.database_copies import consistent_file, page_problems
from facilitator_app.store.files import fsync_dir, make_private_dir
from facilitator_app.store.keys import KeyFile, key_file_from_bytes
from facilitator_app.store.layout import KEYS_NAME
from facilitator_app.store.migrations import latest_version, schema_version
from facilitator_app.store.replacement import (
    discard_staging,
    finish_interrupted_replacement,
    replace_store_files,
    start_staging,
)
from facilitator_app.store.store import Clock, Store, utc_now
from facilitator_app.store.store_lock import LOCK_NAME, StoreLock
from facilitator_app.sync.restored import move_past_backup

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]

__all__ = ["SUFFIX", "BackupFacts", "make_backup", "read_backup_facts", "restore_backup"]

NOT_THIS_STORE = "This backup is of a different store, so it was not used. Nothing was changed."


@dataclass(frozen=True)
class BackupFacts:
    """What a backup file says before any passphrase: enough to ask the right question."""

    path: Path
    store_id: str
    created_at: dt.datetime
    size: int


# --- making a backup --------------------------------------------------------------


def backup_name(folder: Path, day: dt.date) -> str:
    """A neutral name with the date only, never a person's name; numbered if taken."""
    stem = f"backup-{day.isoformat()}"
    name = stem + SUFFIX
    number = 2
    while (folder / name).exists() or (folder / (name + ".partial")).exists():
        name = f"{stem}-{number}{SUFFIX}"
        number += 1
    return name


def make_backup(
    store: Store,
    folder: Path,
    *,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> Path:
    """Write a backup of `store` into `folder`, read it back and check it; return its path."""
    if not folder.is_dir():
        raise CannotWrite(f"Could not save the backup: {folder} is not a folder that exists.")
    name = backup_name(folder, store.today())
    final = folder / name
    partial = folder / (name + ".partial")
    keys = (store.folder / KEYS_NAME).read_bytes()
    try:
        with consistent_file(store.conn, store.folder) as db_path, open(db_path, "rb") as db:
            header = BackupHeader(
                store_id=store.facts.store_id,
                created_at=store.now().astimezone(dt.UTC).isoformat(timespec="seconds"),
                keys_size=len(keys),
                db_size=os.fstat(db.fileno()).st_size,
            )
            fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with open(fd, "wb") as out:
                written = backup_file.write_backup(
                    out, header, keys, db, store.data_key, progress=progress, cancelled=cancelled
                )
                out.flush()
                os.fsync(out.fileno())
        os.replace(partial, final)
        fsync_dir(folder)
        _check_written(final, store.data_key, written)
        record_event(store, AuditAction.BACKED_UP, AuditKind.STORE)
    except BackupCancelled:
        _remove(partial)
        raise CannotWrite("Backup stopped; the unfinished file was removed.") from None
    except OSError as error:
        _remove(partial)
        _remove(final)
        raise CannotWrite(f"Could not save the backup: {reason_for(error)}.") from None
    except BaseException:
        _remove(partial)
        _remove(final)
        raise
    return final


def _check_written(path: Path, data_key: bytes, expected: str) -> None:
    try:
        with open(path, "rb") as source:
            opened = backup_file.read_start(source)
            read_back = backup_file.read_database(source, opened, data_key, None)
    except BackupRefused:
        read_back = ""
    if read_back != expected:
        raise CannotWrite(
            "The backup read back from the disk differs from what was written: "
            "the drive may be failing. Try another one."
        )


def _remove(path: Path) -> None:
    with contextlib.suppress(OSError):
        path.unlink(missing_ok=True)


# --- restoring --------------------------------------------------------------------


def read_backup_facts(path: Path) -> BackupFacts:
    """The backup's date and store, read without a passphrase (nothing in it is trusted yet)."""
    opened = backup_file.read_header(path)
    try:
        created = dt.datetime.fromisoformat(opened.header.created_at)
    except ValueError:
        raise BackupRefused(backup_file.DAMAGED) from None
    if created.tzinfo is None:
        raise BackupRefused(backup_file.DAMAGED)
    return BackupFacts(path, opened.header.store_id, created, path.stat().st_size)


def check_backup_for(store: Store, path: Path, passphrase: str) -> BackupFacts:
    """Before the window locks for a restore: the backup is this store's and opens with it.

    The stream itself is checked by the restore, before it replaces anything.
    """
    facts = read_backup_facts(path)
    if facts.store_id != store.facts.store_id:
        raise BackupRefused(NOT_THIS_STORE)
    opened = backup_file.read_header(path)
    _unwrap(opened.keys, opened.header.store_id, passphrase)
    return facts


def _unwrap(keys_bytes: bytes, store_id: str, passphrase: str) -> bytes:
    try:
        keys = key_file_from_bytes(keys_bytes)
        if keys.store_id != store_id:
            raise BackupRefused(backup_file.DAMAGED)
        return keys.unlock_with_passphrase(passphrase)
    except WrongPassphrase:
        raise BackupRefused(
            "That passphrase did not open this backup. Use the passphrase the store had "
            "when the backup was made. Nothing was changed."
        ) from None
    except StoreDamaged:
        raise BackupRefused(backup_file.DAMAGED) from None


def _check_target(folder: Path, store_id: str) -> bool:
    """Refuse a folder the backup may not go into; return whether a store is there now."""
    if folder.exists() and not folder.is_dir():
        raise BackupRefused(f"{folder} is a file, not a store folder. Nothing was changed.")
    if (folder / KEYS_NAME).exists():
        try:
            current = KeyFile.load(folder)
        except (StoreDamaged, StoreTooNew, OSError):
            raise BackupRefused(
                "The store in that folder cannot be read, so this backup cannot be matched "
                "to it. Restore into a new, empty folder instead. Nothing was changed."
            ) from None
        if current.store_id != store_id:
            raise BackupRefused(NOT_THIS_STORE)
        return True
    leftovers = {p.name for p in folder.iterdir()} - {LOCK_NAME} if folder.exists() else set()
    if leftovers:
        raise BackupRefused(
            f"{folder} holds other files. Restore into the store's folder or an empty one. "
            "Nothing was changed."
        )
    return False


def restore_backup(
    folder: Path,
    path: Path,
    passphrase: str,
    *,
    progress: Progress | None = None,
    clock: Clock = utc_now,
) -> BackupFacts:
    """Replace the store in `folder` (or fill an empty folder) with the backup at `path`.

    The store must be closed (locked) first. Everything is checked before anything is
    replaced; any refusal changes nothing.
    """
    facts = read_backup_facts(path)
    had_store = _check_target(folder, facts.store_id)
    created_folder = not folder.exists()
    make_private_dir(folder)
    lock = StoreLock(folder)
    try:
        lock.acquire()
    except BaseException:
        _undo_new_folder(folder, had_store=had_store, created=created_folder)
        raise
    try:
        finish_interrupted_replacement(folder)
        new_db, keys, data_key = _stage_checked_copy(folder, path, passphrase, facts, progress)
        # From here the replacement is decided once its marker is written; a crash
        # inside is finished by the next open.
        replace_store_files(folder, new_db, keys)
    except BaseException:
        lock.release()
        _undo_new_folder(folder, had_store=had_store, created=created_folder)
        raise
    lock.release()
    # The backup's own log comes back with it; the restore is its next entry.
    record_once_open(folder, data_key, AuditAction.RESTORED, clock)
    return facts


def _stage_checked_copy(
    folder: Path, path: Path, passphrase: str, facts: BackupFacts, progress: Progress | None
) -> tuple[Path, bytes, bytes]:
    staging = start_staging(folder)
    new_db = staging / DB_NAME
    try:
        with open(path, "rb") as source:
            opened = backup_file.read_start(source)
            if opened.header.store_id != facts.store_id:
                raise BackupRefused(backup_file.DAMAGED)  # the file changed while we read it
            data_key = _unwrap(opened.keys, opened.header.store_id, passphrase)
            fd = os.open(new_db, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with open(fd, "wb") as out:
                backup_file.read_database(source, opened, data_key, out, progress=progress)
                out.flush()
                os.fsync(out.fileno())
        _check_restored_copy(new_db, data_key, facts.store_id)
    except OSError as error:
        discard_staging(folder)
        raise BackupRefused(
            f"The backup could not be restored: {reason_for(error)}. Nothing was changed."
        ) from None
    except BaseException:
        discard_staging(folder)
        raise
    return new_db, opened.keys, data_key


def _check_restored_copy(new_db: Path, data_key: bytes, store_id: str) -> None:
    try:
        conn = connect(new_db, data_key)
    except StoreDamaged:
        raise BackupRefused(backup_file.DAMAGED) from None
    try:
        if page_problems(conn):
            raise BackupRefused(backup_file.DAMAGED)
        if schema_version(conn) > latest_version():
            raise StoreTooNew(
                "This backup was made by a newer version of the app. Update the app first. "
                "Nothing was changed."
            )
        row = conn.execute("SELECT value FROM meta WHERE key = 'store_id'").fetchone()
        if row is None or str(row[0]) != store_id:
            raise BackupRefused(backup_file.DAMAGED)
        move_past_backup(conn)
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()


def _undo_new_folder(folder: Path, *, had_store: bool, created: bool) -> None:
    """A refused restore into an empty folder leaves it as it was (or not there at all)."""
    if had_store:
        return
    discard_staging(folder)
    _remove(folder / LOCK_NAME)
    if created:
        with contextlib.suppress(OSError):
            folder.rmdir()
