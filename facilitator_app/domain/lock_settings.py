"""When the app locks by itself: after some minutes without use, and when minimised."""

from __future__ import annotations

from dataclasses import dataclass

DEFAULT_IDLE_MINUTES = 5
MIN_IDLE_MINUTES = 1
MAX_IDLE_MINUTES = 120


@dataclass(frozen=True)
class LockSettings:
    idle_minutes: int = DEFAULT_IDLE_MINUTES
    lock_when_minimised: bool = False
    # Copying text out of the app: off unless the charity turns it on for this store.
    allow_copying: bool = False
