"""Watches for the moments the app must lock: idle time, quick-lock gestures, sleep.

An application-wide event filter resets the idle timer on any input and spots
Shift pressed three times within five seconds. Key events are counted where they
arrive at a window, so one press is seen once even as it travels to widgets.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication, QKeyEvent, QWindow

from facilitator_app.domain.quick_lock import TripleShiftDetector

_INPUT_EVENTS = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
    }
)


class LockGuard(QObject):
    """Emits `lock_requested` with a reason: 'idle', 'quick-lock' or 'system'."""

    lock_requested = Signal(str)

    def __init__(self, app: QGuiApplication, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._detector = TripleShiftDetector()
        self._idle = QTimer(self)
        self._idle.setSingleShot(True)
        self._idle.timeout.connect(lambda: self.lock_requested.emit("idle"))
        self._armed = False
        app.installEventFilter(self)
        app.applicationStateChanged.connect(self._application_state_changed)

    def arm(self, idle_ms: int) -> None:
        """Start watching (the store is open)."""
        self._armed = True
        self._idle.setInterval(idle_ms)
        self._idle.start()

    def disarm(self) -> None:
        self._armed = False
        self._idle.stop()

    @property
    def idle_interval_ms(self) -> int:
        return self._idle.interval()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if self._armed and event.type() in _INPUT_EVENTS:
            self._idle.start()
            if isinstance(watched, QWindow) and isinstance(event, QKeyEvent):
                self._key_pressed(event)
        return False

    def _key_pressed(self, event: QKeyEvent) -> None:
        if event.isAutoRepeat():
            return
        if event.key() == Qt.Key.Key_Shift:
            if self._detector.shift_pressed(time.monotonic()):
                self.lock_requested.emit("quick-lock")
        else:
            self._detector.other_key_pressed()

    def _application_state_changed(self, state: Qt.ApplicationState) -> None:
        # Suspended is what Qt reports when the system sleeps (where the platform tells it).
        if self._armed and state == Qt.ApplicationState.ApplicationSuspended:
            self.lock_requested.emit("system")

    def system_locking(self, *_: object) -> None:
        """Connected to platform notices of sleep or screen lock (see system_events)."""
        if self._armed:
            self.lock_requested.emit("system")
