"""Clears, on lock, anything this app put on the clipboard, and leaves other apps' content.

Qt's `ownsClipboard()` answers only on some platforms (X11, Windows, macOS). Elsewhere
we note each change made while our window was the active one, and its text, and
treat the clipboard as ours while it still holds that text.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QClipboard, QGuiApplication


class ClipboardGuard(QObject):
    def __init__(self, app: QGuiApplication, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._app = app
        self._ours: str | None = None
        app.clipboard().dataChanged.connect(self._changed)

    def _changed(self) -> None:
        active = self._app.applicationState() == Qt.ApplicationState.ApplicationActive
        self._ours = self._app.clipboard().text() if active else None

    def clear_ours(self) -> None:
        clipboard = self._app.clipboard()
        text = clipboard.text()
        if clipboard.ownsClipboard() or (self._ours is not None and text == self._ours):
            clipboard.clear()
        # On X11 and Wayland, selecting text also puts it where a middle-click pastes it.
        if clipboard.supportsSelection() and clipboard.ownsSelection():
            clipboard.clear(QClipboard.Mode.Selection)
        self._ours = None
