"""Files on a USB stick: written so a pulled-out stick never holds a half bundle.

Write `name.partial`, flush and fsync, rename to the final name, fsync the folder,
then read the file back and compare before telling anyone the stick can come out.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
from collections.abc import Callable
from pathlib import Path

from facilitator_app.domain.errors import BundleRefused, ExportCancelled, SyncError
from facilitator_app.sync.bundle_file import MAX_FILE_BYTES, SUFFIX

CHUNK = 1024 * 1024
Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]


def write_verified(
    folder: Path,
    name: str,
    data: bytes,
    *,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> Path:
    final = folder / name
    partial = folder / (name + ".partial")
    try:
        if not folder.is_dir():
            raise SyncError(f"{folder} is not a folder that can be written to.")
        with open(partial, "wb") as out:
            for start in range(0, len(data), CHUNK):
                if cancelled is not None and cancelled():
                    raise ExportCancelled("Export stopped; the unfinished file was removed.")
                out.write(data[start : start + CHUNK])
                if progress is not None:
                    progress(min(start + CHUNK, len(data)), len(data))
            out.flush()
            os.fsync(out.fileno())
        os.replace(partial, final)
        _sync_folder(folder)
        if hashlib.sha256(final.read_bytes()).digest() != hashlib.sha256(data).digest():
            final.unlink()
            raise SyncError(
                "The bundle read back from the stick differs from what was written: "
                "the stick may be failing. Try another stick."
            )
    except OSError as error:
        with contextlib.suppress(OSError):
            partial.unlink()
        with contextlib.suppress(OSError):
            if final.exists() and final.stat().st_size != len(data):
                final.unlink()
        raise SyncError(_why(error, folder)) from None
    except BaseException:
        with contextlib.suppress(OSError):
            partial.unlink()
        raise
    return final


def _why(error: OSError, folder: Path) -> str:
    if error.errno == errno.ENOSPC:
        return "The USB stick is full. Free some space or use another stick; nothing was lost."
    if error.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return f"{folder} cannot be written to (it may be read-only or locked); nothing was lost."
    return f"The bundle could not be written to {folder} ({error.strerror}); nothing was lost."


def _sync_folder(folder: Path) -> None:
    # Windows cannot open a folder to fsync it; there the rename is already durable enough.
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def bundle_files(paths: list[Path]) -> list[Path]:
    """Every bundle named: files as given, and the `.fabundle` files in each folder."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(sorted(p for p in path.iterdir() if p.name.endswith(SUFFIX)))
        else:
            found.append(path)
    return found


def read_bundle(path: Path) -> bytes:
    """Copy a bundle off the stick into memory, refusing an absurdly large file unread."""

    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise BundleRefused("The file is far larger than any bundle; it was not opened.")
        return path.read_bytes()
    except FileNotFoundError:
        raise BundleRefused(f"There is no file at {path}.") from None
    except IsADirectoryError:
        raise BundleRefused(f"{path} is a folder, not a bundle.") from None
    except OSError as error:
        raise BundleRefused(f"The file could not be read ({error.strerror}).") from None
