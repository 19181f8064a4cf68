"""One worker thread owns the store's connection; the GUI hands it work and gets results back.

Work runs in order on a single thread (SQLCipher connections are single-threaded);
results come back to the GUI thread through a queued signal, so callbacks may touch
widgets. Work submitted for a closed `StoreAccess` is never delivered, so a callback
cannot reach a widget that was destroyed when the app locked.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QObject, Signal, Slot

from facilitator_app.domain.errors import AppError

_log = logging.getLogger(__name__)

UNEXPECTED = "Something went wrong. Please try again; if it keeps happening, tell your coordinator."


@dataclass
class _Job:
    work: Callable[[], Any]
    done: Callable[[Any], None]
    failed: Callable[[AppError], None]
    is_live: Callable[[], bool]
    result: Any = None
    error: AppError | None = field(default=None)


class ServiceRunner(QObject):
    """Runs callables on the single store thread and reports back on the GUI thread."""

    _finished = Signal(object)
    busy_changed = Signal(bool)
    idle = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="store")
        self._pending = 0
        self._finished.connect(self._deliver)

    @property
    def is_busy(self) -> bool:
        return self._pending > 0

    def submit(
        self,
        work: Callable[[], Any],
        done: Callable[[Any], None],
        failed: Callable[[AppError], None],
        is_live: Callable[[], bool] = lambda: True,
    ) -> None:
        self._pending += 1
        if self._pending == 1:
            self.busy_changed.emit(True)
        self._executor.submit(self._execute, _Job(work, done, failed, is_live))

    def _execute(self, job: _Job) -> None:
        try:
            job.result = job.work()
        except AppError as error:
            job.error = error
        except Exception:
            # The traceback names code, not data; messages from our layers hold no record text.
            _log.exception("unexpected error in store work")
            job.error = AppError(UNEXPECTED)
        self._finished.emit(job)

    @Slot(object)
    def _deliver(self, job: _Job) -> None:
        self._pending -= 1
        try:
            if job.is_live():
                if job.error is None:
                    job.done(job.result)
                else:
                    job.failed(job.error)
        finally:
            if self._pending == 0:
                self.busy_changed.emit(False)
                self.idle.emit()

    def shutdown(self) -> None:
        self._executor.shutdown(wait=True)
