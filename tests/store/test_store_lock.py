"""The lock file that keeps a store open in one place at a time."""

from __future__ import annotations

from pathlib import Path

import pytest

from facilitator_app.domain.errors import StoreInUse
from facilitator_app.store.store_lock import LOCK_NAME, StoreLock


def test_a_second_lock_is_refused_until_the_first_lets_go(tmp_path: Path) -> None:
    first = StoreLock(tmp_path)
    first.acquire()
    with pytest.raises(StoreInUse) as caught:
        StoreLock(tmp_path).acquire()
    assert caught.value.message.startswith("This store is already open")
    first.release()
    second = StoreLock(tmp_path)
    second.acquire()
    second.release()
    assert (tmp_path / LOCK_NAME).exists()


def test_the_lock_works_as_a_context_manager(tmp_path: Path) -> None:
    with StoreLock(tmp_path), pytest.raises(StoreInUse):
        StoreLock(tmp_path).acquire()
    with StoreLock(tmp_path):
        pass


def test_releasing_twice_is_harmless(tmp_path: Path) -> None:
    lock = StoreLock(tmp_path)
    lock.acquire()
    lock.release()
    lock.release()
    with StoreLock(tmp_path):
        pass
