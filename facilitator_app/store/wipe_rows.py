"""The wipe policy row (synced, shared with every laptop) and laptops reported wiped."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from facilitator_app.domain.wipe_policy import MAX_WIPE_AFTER, MIN_WIPE_AFTER, WipePolicy

POLICY_ROW = "wipe"


def load_policy(conn: Any) -> WipePolicy:
    """The saved policy; no row, 0, or a value this version would not write is off."""
    row = conn.execute(
        "SELECT after_failures FROM wipe_policy WHERE id = ?", [POLICY_ROW]
    ).fetchone()
    value = None if row is None else row[0]
    if isinstance(value, int) and MIN_WIPE_AFTER <= value <= MAX_WIPE_AFTER:
        return WipePolicy(value)
    return WipePolicy()


def has_policy_row(conn: Any) -> bool:
    found = conn.execute("SELECT 1 FROM wipe_policy WHERE id = ?", [POLICY_ROW]).fetchone()
    return found is not None


@dataclass(frozen=True)
class WipedLaptop:
    wiped_at: str
    after: int


def note_wiped(conn: Any, device_id: str, wiped_at: str, after: int) -> None:
    conn.execute(
        "UPDATE devices SET wiped_at = ?, wiped_after = ? WHERE id = ?",
        [wiped_at, after, device_id],
    )


def wiped_laptops(conn: Any) -> dict[str, WipedLaptop]:
    """Device id → when its store was wiped and after how many wrong passphrases."""
    return {
        str(device_id): WipedLaptop(str(at), int(after))
        for device_id, at, after in conn.execute(
            "SELECT id, wiped_at, wiped_after FROM devices WHERE wiped_at IS NOT NULL"
        )
    }
