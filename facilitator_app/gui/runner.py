"""One worker thread owns the store's connection; the GUI hands it work and gets results back.

Work runs in order on a single thread (SQLCipher connections are single-threaded);
results come back to the GUI thread through a queued signal, so callbacks may touch
widgets. Work submitted for a closed `StoreAccess` is never delivered, so a callback
cannot reach a widget that was destroyed when the app locked.
"""

from __future__ import annotations

import logging
import threading
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
            # Logged as frames and the error's type only (logs.PrivateFormatter): the
            # message could quote data.
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


class WorkProgress(QObject):
    """Progress and a Cancel button for one long piece of store work (export, import).

    Services take a plain `progress(done, total)` callback and a `cancelled()` check
    and know nothing of Qt. `report` runs on the store thread and re-emits as a
    signal, which Qt queues to the GUI thread; `stop` is pressed on the GUI thread and
    crosses over in an Event. `still_wanted` is asked too, so work stops by itself
    when the screen that started it goes away (the app locked).

    Made without a parent: the work holds it until it ends, even if the screen is gone.
    """

    progressed = Signal(int, int)

    def __init__(self, still_wanted: Callable[[], bool] = lambda: True) -> None:
        super().__init__()
        self._stop = threading.Event()
        self._still_wanted = still_wanted

    def report(self, done: int, total: int) -> None:
        self.progressed.emit(done, total)

    def stop(self) -> None:
        self._stop.set()

    def is_cancelled(self) -> bool:
        return self._stop.is_set() or not self._still_wanted()
