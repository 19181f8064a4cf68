"""Deleting a store after too many wrong passphrases in a row: the rules, without I/O.

Off unless the charity's coordinator turns it on. The count is the one that already
makes wrong passphrases wait (`unlock_attempts`); a right passphrase resets it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from facilitator_app.domain.errors import ValidationError

MIN_WIPE_AFTER = 5
MAX_WIPE_AFTER = 20
DEFAULT_WIPE_AFTER = 10
# The unlock page says how many tries are left once this few remain.
WARN_WHEN_LEFT = 3


@dataclass(frozen=True)
class WipePolicy:
    """`after` wrong passphrases in a row delete the store; None: never."""

    after: int | None = None

    @property
    def on(self) -> bool:
        return self.after is not None


def checked_wipe_after(value: object) -> int:
    """The number of wrong passphrases, as a whole number in the allowed range."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError("wipe_after", "Choose how many wrong passphrases, as a number.")
    if not MIN_WIPE_AFTER <= value <= MAX_WIPE_AFTER:
        raise ValidationError(
            "wipe_after",
            f"Choose between {MIN_WIPE_AFTER} and {MAX_WIPE_AFTER} wrong passphrases in a row.",
        )
    return value


def wipes_now(policy: WipePolicy, failures: int) -> bool:
    """Whether `failures` wrong passphrases in a row reach the policy's number."""
    return policy.after is not None and failures >= policy.after


def tries_left_to_warn(policy: WipePolicy, failures: int) -> int | None:
    """How many more wrong passphrases would delete the store, once that is close."""
    if policy.after is None:
        return None
    left = policy.after - failures
    return left if 0 < left <= WARN_WHEN_LEFT else None


@dataclass(frozen=True)
class WipeReport:
    """What a wiped laptop tells its coordinator: which device, when, after how many.

    Nothing else: no name, no store id, nothing from inside the store (it is gone).
    """

    device_id: str
    wiped_at: str  # ISO 8601 with a time zone
    after: int

    def as_dict(self) -> dict[str, object]:
        return {"device_id": self.device_id, "wiped_at": self.wiped_at, "after": self.after}


_HEX = frozenset("0123456789abcdef")


def is_device_id(value: object) -> bool:
    return isinstance(value, str) and len(value) == 32 and set(value) <= _HEX


def parsed_report(value: object) -> WipeReport | None:
    """A report as written or received, checked field by field; None if it is not one."""
    if not isinstance(value, dict) or set(value) != {"device_id", "wiped_at", "after"}:
        return None
    device_id, wiped_at, after = value["device_id"], value["wiped_at"], value["after"]
    if not is_device_id(device_id) or not isinstance(wiped_at, str) or len(wiped_at) > 40:
        return None
    if isinstance(after, bool) or not isinstance(after, int):
        return None
    if not MIN_WIPE_AFTER <= after <= MAX_WIPE_AFTER:
        return None
    if not _is_zoned_time(wiped_at):
        return None
    return WipeReport(device_id, wiped_at, after)


def _is_zoned_time(text: str) -> bool:
    try:
        return dt.datetime.fromisoformat(text).tzinfo is not None
    except ValueError:
        return False


def wiped_message(after: int | None) -> str:
    """What the person is told once the store is gone: what happened, and what now."""
    how_many = f"{after} wrong passphrases" if after else "too many wrong passphrases"
    return (
        f"This store was deleted after {how_many} in a row, as your organisation chose. "
        "Nothing of it is left on this computer. Records already sent to your "
        "organisation are kept there: ask your coordinator how to start again."
    )
