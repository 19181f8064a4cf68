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
    # Cap the exponent first: a huge count (an old or edited attempts file) must not
    # build an enormous number.
    exponent = min(failures - FREE_TRIES + 1, MAX_WAIT_SECONDS.bit_length())
    return float(min(2**exponent, MAX_WAIT_SECONDS))


def seconds_until_allowed(attempts: UnlockAttempts, now: dt.datetime) -> float:
    if attempts.last_failure is None:
        return 0.0
    elapsed = (now - attempts.last_failure).total_seconds()
    if elapsed < 0:
        # Stamped by a clock that has since been set back (perhaps by a year): counting
        # down to that moment could lock someone out for as long, so it is not trusted.
        return 0.0
    return max(0.0, wait_after(attempts.failures) - elapsed)


def after_failure(attempts: UnlockAttempts, now: dt.datetime) -> UnlockAttempts:
    return UnlockAttempts(failures=attempts.failures + 1, last_failure=now)
