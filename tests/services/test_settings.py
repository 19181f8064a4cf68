"""This device's lock settings: kept in the store, within bounds, never synced."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from facilitator_app.domain.errors import ValidationError
from facilitator_app.services.settings import (
    DEFAULT_IDLE_MINUTES,
    MAX_IDLE_MINUTES,
    MIN_IDLE_MINUTES,
    LockSettings,
    lock_settings,
    save_lock_settings,
)
from facilitator_app.store.store import Store
from tests.factories import last_seq, snapshot


def test_defaults(store: Store) -> None:
    assert lock_settings(store) == LockSettings(DEFAULT_IDLE_MINUTES, lock_when_minimised=False)


def test_saved_settings_last_after_reopening(store: Store, reopen: Callable[[], Store]) -> None:
    chosen = LockSettings(idle_minutes=15, lock_when_minimised=True)
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
