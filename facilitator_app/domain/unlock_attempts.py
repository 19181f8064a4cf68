"""How long someone must wait after wrong passphrases: short at first, then growing."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

FREE_TRIES = 3
MAX_WAIT_SECONDS = 300


@dataclass(frozen=True)
class UnlockAttempts:
    failures: int = 0
    last_failure: dt.datetime | None = None


def wait_after(failures: int) -> float:
    """Seconds to wait before the next try after `failures` wrong passphrases in a row."""
    if failures < FREE_TRIES:
        return 0.0
    return float(min(2 ** (failures - FREE_TRIES + 1), MAX_WAIT_SECONDS))


def seconds_until_allowed(attempts: UnlockAttempts, now: dt.datetime) -> float:
    if attempts.last_failure is None:
        return 0.0
    allowed_at = attempts.last_failure + dt.timedelta(seconds=wait_after(attempts.failures))
    return max(0.0, (allowed_at - now).total_seconds())


def after_failure(attempts: UnlockAttempts, now: dt.datetime) -> UnlockAttempts:
    return UnlockAttempts(failures=attempts.failures + 1, last_failure=now)
