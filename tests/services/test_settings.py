"""This device's settings (locking, supervision): kept in the store, within bounds, not synced."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from facilitator_app.domain.errors import NotPermitted, ValidationError
from facilitator_app.domain.reminders import SupervisionSettings
from facilitator_app.services.settings import (
    DEFAULT_IDLE_MINUTES,
    MAX_IDLE_MINUTES,
    MIN_IDLE_MINUTES,
    LockSettings,
    lock_settings,
    save_lock_settings,
    save_supervision_settings,
    supervision_settings,
)
from facilitator_app.store.local_rows import write_setting
from facilitator_app.store.store import Store, StoreRole
from tests.factories import last_seq, make_store, snapshot


def test_defaults(store: Store) -> None:
    assert lock_settings(store) == LockSettings(
        DEFAULT_IDLE_MINUTES, lock_when_minimised=False, allow_copying=False
    )


def test_saved_settings_last_after_reopening(store: Store, reopen: Callable[[], Store]) -> None:
    chosen = LockSettings(idle_minutes=15, lock_when_minimised=True, allow_copying=True)
    assert save_lock_settings(store, chosen) == chosen
    assert lock_settings(reopen()) == chosen


def test_settings_can_be_changed_back(store: Store) -> None:
    save_lock_settings(store, LockSettings(idle_minutes=15, lock_when_minimised=True))
    assert save_lock_settings(store, LockSettings(2, False)) == LockSettings(2, False)


@pytest.mark.parametrize("minutes", [MIN_IDLE_MINUTES, MAX_IDLE_MINUTES])
def test_limits_are_allowed(store: Store, minutes: int) -> None:
    assert save_lock_settings(store, LockSettings(idle_minutes=minutes)).idle_minutes == minutes


@pytest.mark.parametrize("minutes", [MIN_IDLE_MINUTES - 1, MAX_IDLE_MINUTES + 1, -5])
def test_out_of_bounds_is_refused_and_changes_nothing(store: Store, minutes: int) -> None:
    before = snapshot(store)
    with pytest.raises(ValidationError) as caught:
        save_lock_settings(store, LockSettings(idle_minutes=minutes))
    assert caught.value.field == "idle_minutes"
    assert caught.value.message == "Lock after between 1 and 120 minutes without use."
    assert snapshot(store) == before


def test_settings_are_not_synced(store: Store) -> None:
    seq = last_seq(store)
    save_lock_settings(store, LockSettings(idle_minutes=10))
    assert last_seq(store) == seq


# --- how often supervision is due ---------------------------------------------------


def test_supervision_defaults(store: Store) -> None:
    assert supervision_settings(store) == SupervisionSettings(
        new_lead_months=3, new_lead_every_days=7, every_days=30
    )


def test_supervision_settings_last_after_reopening(
    store: Store, reopen: Callable[[], Store]
) -> None:
    chosen = SupervisionSettings(new_lead_months=6, new_lead_every_days=14, every_days=28)
    seq = last_seq(store)
    assert save_supervision_settings(store, chosen) == chosen
    assert last_seq(store) == seq  # this device's own setting: not synced
    assert supervision_settings(reopen()) == chosen


@pytest.mark.parametrize(
    ("settings", "field", "message"),
    [
        (
            SupervisionSettings(new_lead_months=-1),
            "new_lead_months",
            "Someone can count as new to leading for 0 to 24 months.",
        ),
        (
            SupervisionSettings(new_lead_months=25),
            "new_lead_months",
            "Someone can count as new to leading for 0 to 24 months.",
        ),
        (
            SupervisionSettings(new_lead_every_days=0),
            "new_lead_every_days",
            "Supervision for new leads can be every 1 to 90 days.",
        ),
        (
            SupervisionSettings(new_lead_every_days=91, every_days=180),
            "new_lead_every_days",
            "Supervision for new leads can be every 1 to 90 days.",
        ),
        (
            SupervisionSettings(new_lead_every_days=1, every_days=0),
            "every_days",
            "Supervision can be every 1 to 180 days.",
        ),
        (
            SupervisionSettings(every_days=181),
            "every_days",
            "Supervision can be every 1 to 180 days.",
        ),
        (
            SupervisionSettings(new_lead_every_days=14, every_days=10),
            "new_lead_every_days",
            "New leads are supervised at least as often as everyone else: choose a number "
            "of days no larger than for everyone else.",
        ),
    ],
)
def test_bad_supervision_settings_are_refused_and_change_nothing(
    store: Store, settings: SupervisionSettings, field: str, message: str
) -> None:
    save_supervision_settings(store, SupervisionSettings(4, 10, 40))
    before = snapshot(store)
    with pytest.raises(ValidationError) as caught:
        save_supervision_settings(store, settings)
    assert (caught.value.field, caught.value.message) == (field, message)
    assert snapshot(store) == before
    assert supervision_settings(store) == SupervisionSettings(4, 10, 40)


def test_unreadable_supervision_settings_fall_back_to_the_defaults(store: Store) -> None:
    with store.transaction():
        write_setting(store.conn, "supervision_every_days", "soon")
    assert supervision_settings(store).every_days == 30


def test_only_the_coordinator_sets_supervision_intervals(tmp_path: Path) -> None:
    laptop = make_store(tmp_path / "laptop", role=StoreRole.FACILITATOR)
    try:
        before = snapshot(laptop)
        with pytest.raises(NotPermitted):
            save_supervision_settings(laptop, SupervisionSettings(every_days=20))
        assert snapshot(laptop) == before
    finally:
        laptop.close()
