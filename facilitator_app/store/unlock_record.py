"""Wrong-passphrase count, kept beside the store so restarting the app does not reset it."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
from pathlib import Path

from facilitator_app.domain.unlock_attempts import UnlockAttempts
from facilitator_app.store.files import write_atomically

ATTEMPTS_NAME = "unlock-attempts.json"


def read_attempts(folder: Path) -> UnlockAttempts:
    try:
        document = json.loads((folder / ATTEMPTS_NAME).read_text("ascii"))
        last = document.get("last_failure")
        failures = max(0, int(document.get("failures", 0)))
        last_failure = dt.datetime.fromisoformat(last) if last else None
    except (OSError, ValueError, TypeError, AttributeError):
        # Missing or unreadable: start counting again rather than lock someone out.
        return UnlockAttempts()
    if last_failure is not None and last_failure.tzinfo is None:
        # We always write a time zone; without one the time cannot be compared to now.
        return UnlockAttempts()
    return UnlockAttempts(failures=failures, last_failure=last_failure)


def write_attempts(folder: Path, attempts: UnlockAttempts) -> None:
    if attempts.failures == 0:
        with contextlib.suppress(FileNotFoundError):
            (folder / ATTEMPTS_NAME).unlink()
        return
    document = {
        "failures": attempts.failures,
        "last_failure": attempts.last_failure.isoformat() if attempts.last_failure else None,
    }
    write_atomically(folder / ATTEMPTS_NAME, json.dumps(document).encode("ascii"))
