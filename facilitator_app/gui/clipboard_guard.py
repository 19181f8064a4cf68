"""What this app puts on the clipboard: refused while copying is off (the default),
cleared 30 seconds after a copy when it is on, and cleared on lock either way.

Qt's `ownsClipboard()` answers only on some platforms (X11, Windows, macOS). Elsewhere
we note each change made while our window was the active one, and its text, and
treat the clipboard as ours while it still holds that text.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QClipboard, QGuiApplication

CLEAR_AFTER_MS = 30_000


class ClipboardGuard(QObject):
    copy_refused = Signal()

    def __init__(self, app: QGuiApplication, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._app = app
        self._ours: str | None = None
        self._guarding = False  # only while a store is open: before that there are no records
        self._copy_allowed = False
        self._clear_timer = QTimer(self)
        self._clear_timer.setSingleShot(True)
        self._clear_timer.setInterval(CLEAR_AFTER_MS)
        self._clear_timer.timeout.connect(self.clear_ours)
        app.clipboard().dataChanged.connect(self._changed)
        app.clipboard().selectionChanged.connect(self._selection_changed)

    @property
    def copy_allowed(self) -> bool:
        return self._copy_allowed

    def guard(self, *, copy_allowed: bool) -> None:
        """A store is open: from now on, apply its setting for copying text out."""
        self._guarding = True
        self._copy_allowed = copy_allowed

    def stop_guarding(self) -> None:
        self._guarding = False
        self._clear_timer.stop()
        self.clear_ours()

    def _changed(self) -> None:
        active = self._app.applicationState() == Qt.ApplicationState.ApplicationActive
        clipboard = self._app.clipboard()
        text = clipboard.text()
        if not active:
            self._ours = None
            return
        if not text:
            return  # our own clearing, or an image: nothing of ours to watch
        if self._guarding and not self._copy_allowed:
            self._ours = None
            clipboard.clear()
            self.copy_refused.emit()
            return
        self._ours = text
        if self._guarding:
            self._clear_timer.start()

    def _selection_changed(self) -> None:
        # On X11 and Wayland, selecting text also puts it where a middle-click pastes it.
        clipboard = self._app.clipboard()
        if self._guarding and not self._copy_allowed and clipboard.ownsSelection():
            clipboard.clear(QClipboard.Mode.Selection)

    def clear_ours(self) -> None:
        clipboard = self._app.clipboard()
        text = clipboard.text()
        if clipboard.ownsClipboard() or (self._ours is not None and text == self._ours):
            clipboard.clear()
        if clipboard.supportsSelection() and clipboard.ownsSelection():
            clipboard.clear(QClipboard.Mode.Selection)
        self._ours = None
