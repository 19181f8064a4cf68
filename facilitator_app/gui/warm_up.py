"""Loading the rest of the app while the person types their passphrase.

The first window needs only the start pages. The workspace (every tab, PDF making,
sync, the store itself) takes several times longer to import than that window takes
to appear, so the window is shown first and the rest is imported afterwards:

- the services, and through them the store, documents and sync, on a thread of its
  own: none of them touches Qt (an import-linter contract), so the window keeps
  answering keys and clicks while they load;
- then the screens, on the GUI thread as Qt requires, one module per turn of the
  event loop, each short enough that typing is not held up.

By the time the passphrase is in, unlocking finds everything loaded. Someone quicker
loses nothing: whatever is still missing loads where it is used, as it always did.
"""

from __future__ import annotations

import contextlib
import logging
import pkgutil
import threading
from collections.abc import Sequence
from importlib import import_module
from types import ModuleType

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from facilitator_app import gui, services

_log = logging.getLogger(__name__)

# Unlocking needs these first: the store, then the lock settings and saved drafts.
UNLOCKING = (
    "facilitator_app.services.stores",
    "facilitator_app.services.settings",
    "facilitator_app.services.drafts",
)
# Named as well as found, so these two load ahead even where modules cannot be listed.
SCREENS = ("facilitator_app.gui.workspace", "facilitator_app.gui.join_page")


def modules_in(package: ModuleType) -> list[str]:
    """Every module of `package`, by full name; none where its files cannot be listed."""
    return sorted(
        f"{package.__name__}.{found.name}" for found in pkgutil.iter_modules(package.__path__)
    )


def _load(name: str) -> None:
    try:
        import_module(name)
    except Exception:
        # Only a head start: the same import runs again where the module is used,
        # and fails there the way it always would have.
        _log.exception("could not load %s ahead of time", name)


class WarmUp(QObject):
    """Once started, loads the services on a thread, then the screens; then `finished`.

    `background` (Qt-free modules) and `screens` default to the app's services and
    screens, listed only once started: listing them is not the first window's work.
    """

    finished = Signal()
    _background_loaded = Signal()

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        background: Sequence[str] | None = None,
        screens: Sequence[str] | None = None,
    ) -> None:
        super().__init__(parent)
        self._background = background
        self._screens = screens
        self._started = False
        self._stopped = threading.Event()
        self._screens_left: list[str] = []
        self._done = False
        self._background_loaded.connect(self._load_screens)  # queued: sent from the thread

    @property
    def is_finished(self) -> bool:
        return self._done

    def start(self) -> None:
        """Begin at the next turn of the event loop, after what is being drawn now."""
        if self._started:
            return
        self._started = True
        QTimer.singleShot(0, self, self._start_thread)

    def stop(self) -> None:
        """Load nothing more (the window is closing): at most the current import ends."""
        self._stopped.set()

    def _start_thread(self) -> None:
        if self._stopped.is_set():
            return
        # Not a daemon, so the interpreter never stops in the middle of an import; on
        # closing, `stop` keeps the wait to the one import under way.
        threading.Thread(target=self._load_background, name="warm-up").start()

    def _load_background(self) -> None:
        if self._background is None:
            self._background = [*UNLOCKING, *modules_in(services)]
        for name in self._background:
            if self._stopped.is_set():
                return
            _load(name)
        # RuntimeError: the window closed meanwhile, and nothing waits for the screens.
        with contextlib.suppress(RuntimeError):
            self._background_loaded.emit()

    @Slot()
    def _load_screens(self) -> None:
        if self._stopped.is_set():
            return
        if self._screens is None:
            self._screens = [*modules_in(gui), *SCREENS]
        self._screens_left = list(self._screens)
        self._next_screen()

    def _next_screen(self) -> None:
        if self._stopped.is_set():
            return
        if self._screens_left:
            _load(self._screens_left.pop(0))
            QTimer.singleShot(0, self, self._next_screen)
            return
        self._done = True
        self.finished.emit()
