"""Replacing a store's store.db and keys.json together, so a crash leaves old or new.

Two files cannot be swapped in one rename, so a small journal does it. The new pair is
written into a staging folder inside the store folder and flushed to disk; a "ready"
marker is then written atomically. From that moment the replacement is decided: each
file is moved into place, the old database's write-ahead files are removed (their
pages belong to the old database and must never be replayed onto the new one), then
the marker and the folder go. Every open of the store first finishes a replacement
that was interrupted: with the marker, the moves are completed (each step can be
repeated); without it, the staging folder is thrown away and the old pair stands.

The caller holds the store's lock throughout. Restoring a backup and rotating the data
key both use this.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from pathlib import Path

from facilitator_app.domain.errors import StoreInUse
from facilitator_app.store.database import DB_NAME
from facilitator_app.store.files import PRIVATE_FILE, fsync_dir, make_private, make_private_dir
from facilitator_app.store.layout import KEYS_NAME, READY_NAME, STAGING_NAME
from facilitator_app.store.store_lock import StoreLock

# The old database's write-ahead log and its index: removed before the new database
# is moved in, so SQLite can never apply them to it.
_WAL_FILES = (f"{DB_NAME}-wal", f"{DB_NAME}-shm")


def staging_folder(folder: Path) -> Path:
    return folder / STAGING_NAME


def start_staging(folder: Path) -> Path:
    """An empty staging folder inside `folder`, for building a new store.db in.

    Anything left from an earlier attempt that never became ready is discarded first.
    """
    staging = staging_folder(folder)
    if (staging / READY_NAME).exists():
        # Only reached if an open did not finish it first; never throw a decided one away.
        complete_replacement(folder)
    discard_staging(folder)
    make_private_dir(staging)
    return staging


def discard_staging(folder: Path) -> None:
    """Remove an unfinished staging folder; the store's own files are untouched."""
    staging = staging_folder(folder)
    if staging.exists():
        shutil.rmtree(staging)
        fsync_dir(folder)


def replace_store_files(folder: Path, new_db: Path, new_keys: bytes) -> None:
    """Put `new_db` (inside the staging folder) and `new_keys` in place of the store's pair.

    The caller holds the store lock and has closed every connection to the old database.
    """
    staging = staging_folder(folder)
    if new_db.parent != staging or new_db.name != DB_NAME:
        raise ValueError(f"the new database must be {staging / DB_NAME}")
    for name in _WAL_FILES:
        if (staging / name).exists():
            raise ValueError("the new database must be closed before it replaces the store")
    _write_synced(staging / KEYS_NAME, new_keys)
    _fsync_file(new_db)
    make_private(new_db)
    fsync_dir(staging)
    _write_synced(staging / (READY_NAME + ".partial"), b"store.db keys.json\n")
    os.replace(staging / (READY_NAME + ".partial"), staging / READY_NAME)
    fsync_dir(staging)
    complete_replacement(folder)


def complete_replacement(folder: Path) -> None:
    """Move a ready staged pair into place. Safe to run again after a crash at any step."""
    staging = staging_folder(folder)
    if not (staging / READY_NAME).exists():
        return
    if (staging / DB_NAME).exists():
        for name in _WAL_FILES:
            with contextlib.suppress(FileNotFoundError):
                (folder / name).unlink()
        fsync_dir(folder)
        os.replace(staging / DB_NAME, folder / DB_NAME)
        fsync_dir(folder)
    # keys.json last: a folder with keys.json counts as a store (a restore into an
    # empty folder), and by then its database is already in place.
    if (staging / KEYS_NAME).exists():
        os.replace(staging / KEYS_NAME, folder / KEYS_NAME)
        fsync_dir(folder)
    (staging / READY_NAME).unlink()
    fsync_dir(staging)
    discard_staging(folder)


def finish_interrupted_replacement(folder: Path) -> None:
    """With the store lock held: complete a decided replacement, or discard an undecided one."""
    staging = staging_folder(folder)
    if not staging.is_dir():
        return
    if (staging / READY_NAME).exists():
        complete_replacement(folder)
    else:
        discard_staging(folder)


def finish_interrupted_replacement_unlocked(folder: Path) -> None:
    """The same, for a caller not holding the lock: take it for the moment it takes.

    If another window has the store open, it finished any replacement when it opened,
    or is making one now; either way this one leaves the folder alone.
    """
    if not staging_folder(folder).is_dir():
        return
    lock = StoreLock(folder)
    try:
        lock.acquire()
    except StoreInUse:
        return
    try:
        finish_interrupted_replacement(folder)
    finally:
        lock.release()


_BINARY = getattr(os, "O_BINARY", 0)  # Windows only: no newline translation


def _write_synced(path: Path, data: bytes) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | _BINARY, PRIVATE_FILE)
    try:
        os.write(fd, data)
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_file(path: Path) -> None:
    # Read-write: Windows refuses to flush a file opened for reading only.
    fd = os.open(path, os.O_RDWR | _BINARY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
