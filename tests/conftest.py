"""Shared test set-up. Qt runs offscreen here, so no test needs a display."""

from __future__ import annotations

import os

# Must be set before any Qt module loads; pytest imports conftest first.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import datetime as dt
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from facilitator_app.store.keys import KeyFile
from facilitator_app.store.store import Store
from tests.factories import FIXED_NOW, PASSPHRASE, FakeClock, make_store

# `written_files`: the folders the app writes to, pointed into the test's own, and read
# afterwards for canary strings.
pytest_plugins = ["tests.written_files"]


@dataclass(frozen=True)
class TemplateStore:
    """A closed, empty store made once per run; tests work on copies of it."""

    folder: Path
    data_key: bytes


@pytest.fixture(scope="session")
def template_store(tmp_path_factory: pytest.TempPathFactory) -> TemplateStore:
    folder = tmp_path_factory.mktemp("template") / "store"
    make_store(folder, clock=FakeClock(FIXED_NOW - dt.timedelta(days=1))).close()
    data_key = KeyFile.load(folder).unlock_with_passphrase(PASSPHRASE)
    return TemplateStore(folder, data_key)


@pytest.fixture
def store_folder(tmp_path: Path, template_store: TemplateStore) -> Path:
    """A closed store of this test's own, unlocked by `PASSPHRASE`."""
    folder = tmp_path / "store"
    shutil.copytree(template_store.folder, folder)
    return folder


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def store(store_folder: Path, template_store: TemplateStore, clock: FakeClock) -> Iterator[Store]:
    """An open store on this test's copy; opened with the known data key to skip Argon2id."""
    opened = Store.open(store_folder, template_store.data_key, clock=clock)
    yield opened
    opened.close()


@pytest.fixture
def reopen(
    store: Store, template_store: TemplateStore, clock: FakeClock
) -> Iterator[Callable[[], Store]]:
    """Close the test's store (lock it) and open it again, as a person would."""
    opened: list[Store] = []

    def close_and_open() -> Store:
        store.close()
        for earlier in opened:
            earlier.close()
        again = Store.open(store.folder, template_store.data_key, clock=clock)
        opened.append(again)
        return again

    yield close_and_open
    for earlier in opened:
        earlier.close()
