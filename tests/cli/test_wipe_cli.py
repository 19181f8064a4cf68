"""The command line unlocks through `unlock_store`, so the wipe policy holds there too."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from facilitator_app.cli import PASSPHRASE_ENV
from facilitator_app.domain.unlock_attempts import UnlockAttempts
from facilitator_app.services import wipe
from facilitator_app.services.stores import unlock_store
from facilitator_app.store.store import utc_now
from facilitator_app.store.unlock_record import write_attempts
from tests.cli.test_cli import INIT, run
from tests.factories import PASSPHRASE, WRONG_PASSPHRASE


@pytest.fixture
def cli_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> Path:
    monkeypatch.setenv(PASSPHRASE_ENV, PASSPHRASE)
    folder = tmp_path / "store"
    assert run([*INIT, "--store", str(folder)], capsys).code == 0
    return folder


@pytest.mark.parametrize("command", [["check"], ["devices"], ["export-json", "--out", "out.json"]])
def test_the_last_wrong_passphrase_deletes_the_store_and_says_so_in_one_line(
    cli_store: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    command: list[str],
) -> None:
    store = unlock_store(cli_store, PASSPHRASE)
    try:
        wipe.save_wipe_policy(store, 5)
    finally:
        store.close()
    write_attempts(cli_store, UnlockAttempts(4, utc_now() - dt.timedelta(hours=1)))
    monkeypatch.setenv(PASSPHRASE_ENV, WRONG_PASSPHRASE)
    monkeypatch.chdir(cli_store.parent)

    result = run([*command, "--store", str(cli_store)], capsys)

    assert result.code == 1
    assert result.error_line.startswith(
        "facilitator-app: This store was deleted after 5 wrong passphrases in a row"
    )
    assert not cli_store.exists()
    again = run(["check", "--store", str(cli_store)], capsys)
    assert again.error_line.startswith("facilitator-app: There is no store at")
