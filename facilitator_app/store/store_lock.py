"""An exclusive lock file so two windows or processes never open one store at once."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from types import TracebackType

from facilitator_app.domain.errors import StoreInUse
from facilitator_app.store.files import PRIVATE_FILE

LOCK_NAME = "store.lock"


class StoreLock:
    """Held for as long as a store is open. The OS releases it if the process dies."""

    def __init__(self, folder: Path) -> None:
        self._path = folder / LOCK_NAME
        self._fd: int | None = None

    def acquire(self) -> None:
        fd = os.open(self._path, os.O_RDWR | os.O_CREAT, PRIVATE_FILE)
        try:
            _lock_exclusive(fd)
        except OSError:
            os.close(fd)
            raise StoreInUse(
                "This store is already open in another window or program. Close it there first."
            ) from None
        self._fd = fd

    def release(self) -> None:
        if self._fd is None:
            return
        try:
            _unlock(self._fd)
        finally:
            os.close(self._fd)
            self._fd = None

    def __enter__(self) -> StoreLock:
        self.acquire()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.release()


if sys.platform == "win32":
    import msvcrt

    def _lock_exclusive(fd: int) -> None:
        msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)

    def _unlock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _lock_exclusive(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)
