"""Detects the quick-lock gesture: Shift pressed three times within five seconds."""

from __future__ import annotations

from collections import deque

PRESSES = 3
WINDOW_SECONDS = 5.0


class TripleShiftDetector:
    """Feed it the time of each Shift press; it says when the gesture is complete."""

    def __init__(self) -> None:
        self._presses: deque[float] = deque(maxlen=PRESSES)

    def shift_pressed(self, at_seconds: float) -> bool:
        self._presses.append(at_seconds)
        if len(self._presses) == PRESSES and at_seconds - self._presses[0] <= WINDOW_SECONDS:
            self._presses.clear()
            return True
        return False

    def other_key_pressed(self) -> None:
        # Typing in between (Shift for a capital letter) must not add up to a lock.
        self._presses.clear()
