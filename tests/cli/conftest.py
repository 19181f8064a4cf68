"""CLI tests run in-process, in folders of their own, with cheap key derivation."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

from facilitator_app.cli import PASSPHRASE_ENV
from facilitator_app.services import stores
from facilitator_app.store.keys import KdfParams


@pytest.fixture(autouse=True)
def own_user_folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Point the user's data and log folders into the test, and undo logging set-up."""
    home = tmp_path / "home"
    for name in ("XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME"):
        monkeypatch.setenv(name, str(home / name.lower()))
    monkeypatch.delenv(PASSPHRASE_ENV, raising=False)
    logger = logging.getLogger("facilitator_app")
    saved = (logger.handlers[:], logger.level, logger.propagate)
    yield home
    for handler in logger.handlers:
        if handler not in saved[0]:
            handler.close()
    logger.handlers[:], logger.level, logger.propagate = saved


@pytest.fixture(autouse=True)
def cheap_key_derivation(monkeypatch: pytest.MonkeyPatch) -> None:
    """`init` and `demo` calibrate Argon2id to ~1 s; the floor is enough for tests."""
    monkeypatch.setattr(stores, "calibrate_kdf", lambda: KdfParams())
