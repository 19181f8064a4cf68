"""Writing a document out of the store: all or nothing, with a plain reason when it fails."""

from __future__ import annotations

import contextlib
import errno
from pathlib import Path

from facilitator_app.domain.errors import AppError
from facilitator_app.store.files import write_atomically


class CannotWrite(AppError):
    pass


_REASONS = {
    errno.ENOSPC: "the disk is full",
    errno.EROFS: "that drive is read-only",
    errno.EACCES: "you do not have permission to write there",
    errno.EPERM: "you do not have permission to write there",
    errno.ENOENT: "that folder does not exist",
    errno.EISDIR: "that is a folder, not a file name",
}


def reason_for(error: OSError) -> str:
    """Why a file could not be written, in the words the app uses everywhere."""
    return _REASONS.get(error.errno or 0, "the file could not be written")


def write_pdf(path: Path, data: bytes) -> Path:
    """Write `data` to `path` under a temporary name first, so no half-written file is left."""
    if path.is_dir():
        # Checked before adding ".pdf": a folder given as --out must not become "folder.pdf".
        raise CannotWrite(f"Could not save {path.name}: {_REASONS[errno.EISDIR]}.")
    if path.suffix.lower() != ".pdf":
        path = path.with_name(path.name + ".pdf")
    return write_file(path, data)


def write_file(path: Path, data: bytes) -> Path:
    """Write `data` to `path` atomically; a failure leaves no file and names the reason."""
    try:
        write_atomically(path, data)
    except OSError as error:
        reason = reason_for(error)
        with contextlib.suppress(OSError):
            path.with_name(path.name + ".partial").unlink(missing_ok=True)
        raise CannotWrite(f"Could not save {path.name}: {reason}.") from None
    return path
