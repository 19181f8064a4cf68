"""Platform notices that the system is going to sleep or the screen is locking.

On Linux these come over D-Bus (logind's PrepareForSleep, the desktop's
ScreenSaver ActiveChanged). Where no session bus is available (offscreen, CI,
other platforms) nothing is connected and Qt's application state is relied on.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable

from PySide6.QtCore import SLOT, QObject, Slot

_log = logging.getLogger(__name__)

# QtDBus wants Qt's encoded slot signature (SLOT() prefixes a type code); a bare
# "changed(bool)" is read as "hanged(bool)" and never connects.
_SLOT = SLOT("changed(bool)")


class _Receiver(QObject):
    def __init__(self, callback: Callable[[], None]) -> None:
        super().__init__()
        self._callback = callback

    @Slot(bool)
    def changed(self, active: bool) -> None:
        if active:
            self._callback()


def watch_system_lock(callback: Callable[[], None]) -> QObject | None:
    """Call `callback` before sleep and when the screen locks; returns the receiver to keep."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        from PySide6.QtDBus import QDBusConnection
    except ImportError:
        return None
    receiver = _Receiver(callback)
    connected = False
    system_bus = QDBusConnection.systemBus()
    if system_bus.isConnected():
        connected |= system_bus.connect(
            "org.freedesktop.login1",
            "/org/freedesktop/login1",
            "org.freedesktop.login1.Manager",
            "PrepareForSleep",
            receiver,
            _SLOT,  # type: ignore[call-overload]  # PySide6 takes the slot as str
        )
    session_bus = QDBusConnection.sessionBus()
    if session_bus.isConnected():
        for service, path in (
            ("org.freedesktop.ScreenSaver", "/org/freedesktop/ScreenSaver"),
            ("org.gnome.ScreenSaver", "/org/gnome/ScreenSaver"),
        ):
            connected |= session_bus.connect(
                service,
                path,
                service,
                "ActiveChanged",
                receiver,
                _SLOT,  # type: ignore[call-overload]
            )
    if not connected:
        return None
    _log.info("watching the system for sleep and screen lock")
    return receiver
