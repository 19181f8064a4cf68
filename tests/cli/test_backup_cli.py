"""backup, restore and rotate-key as the command line shows them."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from facilitator_app.cli import PASSPHRASE_ENV, build_parser, run_command
from facilitator_app.services import groups
from facilitator_app.services.stores import unlock_store
from tests.cli.test_cli import INIT, Result, run
from tests.factories import PASSPHRASE, WRONG_PASSPHRASE, files_in, make_group


def add_group(folder: Path, name: str) -> None:
    store = unlock_store(folder, PASSPHRASE)
    try:
        make_group(store, name=name)
    finally:
        store.close()


def group_names(folder: Path) -> list[str]:
    store = unlock_store(folder, PASSPHRASE)
    try:
        return sorted(g.name for g in groups.list_groups(store))
    finally:
        store.close()


@pytest.fixture
def cli_store(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> Path:
    monkeypatch.setenv(PASSPHRASE_ENV, PASSPHRASE)
    folder = tmp_path / "store"
    assert run([*INIT, "--store", str(folder)], capsys).code == 0
    return folder


@pytest.fixture
def stick(tmp_path: Path) -> Path:
    folder = tmp_path / "stick"
    folder.mkdir()
    return folder


def backup(cli_store: Path, stick: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    result = run(["backup", "--store", str(cli_store), "--out", str(stick)], capsys)
    assert result.code == 0, result.err
    [written] = list(stick.iterdir())
    assert str(written) in result.out
    return written


def test_backup_then_restore_round_trip(
    cli_store: Path, stick: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    add_group(cli_store, "Before")
    written = backup(cli_store, stick, capsys)
    add_group(cli_store, "After")
    result = run(["restore", "--store", str(cli_store), str(written), "--yes"], capsys)
    assert result.code == 0, result.err
    assert result.out.startswith("Restored the backup made on ")
    assert group_names(cli_store) == ["Before"]


def test_restore_refuses_a_damaged_backup_in_one_line(
    cli_store: Path, stick: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    written = backup(cli_store, stick, capsys)
    data = bytearray(written.read_bytes())
    data[len(data) // 2] ^= 0xFF
    written.write_bytes(bytes(data))
    before = files_in(cli_store)
    result = run(["restore", "--store", str(cli_store), str(written), "--yes"], capsys)
    assert result.code == 1
    assert "damaged or was changed" in result.error_line
    assert files_in(cli_store) == before


def test_restore_with_the_wrong_passphrase_is_one_line(
    cli_store: Path,
    stick: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    written = backup(cli_store, stick, capsys)
    monkeypatch.setenv(PASSPHRASE_ENV, WRONG_PASSPHRASE)
    result = run(["restore", "--store", str(cli_store), str(written), "--yes"], capsys)
    assert result.code == 1
    assert "did not open this backup" in result.error_line


def test_restore_without_yes_and_no_terminal_asks_for_it(
    cli_store: Path, stick: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    written = backup(cli_store, stick, capsys)
    args = build_parser().parse_args(["restore", "--store", str(cli_store), str(written)])
    code = run_command(args, io.StringIO(""))
    err = capsys.readouterr().err
    assert code == 1
    assert Result(code, "", err).error_line.endswith(
        "Add --yes to go ahead: this replaces the store's files."
    )


def test_restore_in_a_terminal_says_what_happens_and_stops_without_yes(
    cli_store: Path, stick: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    written = backup(cli_store, stick, capsys)

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    before = files_in(cli_store)
    args = build_parser().parse_args(["restore", "--store", str(cli_store), str(written)])
    code = run_command(args, Terminal("no\n"))
    err = capsys.readouterr().err
    assert code == 1
    assert "is lost on this computer" in err
    assert err.rstrip().endswith("Stopped; nothing was changed.")
    assert files_in(cli_store) == before


def test_backup_to_a_missing_folder_is_one_line(
    cli_store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    result = run(["backup", "--store", str(cli_store), "--out", str(tmp_path / "nope")], capsys)
    assert result.code == 1
    assert "not a folder that exists" in result.error_line


def test_restore_of_something_that_is_not_a_backup_is_one_line(
    cli_store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    other = tmp_path / "notes.txt"
    other.write_text("hello")
    result = run(["restore", "--store", str(cli_store), str(other), "--yes"], capsys)
    assert result.code == 1
    assert "not a backup made by this app" in result.error_line


def test_rotate_key_keeps_the_passphrase_and_the_data(
    cli_store: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    add_group(cli_store, "Kept")
    keys_before = (cli_store / "keys.json").read_bytes()
    result = run(["rotate-key", "--store", str(cli_store), "--yes"], capsys)
    assert result.code == 0, result.err
    assert "new key" in result.out
    assert (cli_store / "keys.json").read_bytes() != keys_before
    assert group_names(cli_store) == ["Kept"]


def test_rotate_key_with_the_wrong_passphrase_is_one_line(
    cli_store: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(PASSPHRASE_ENV, WRONG_PASSPHRASE)
    result = run(["rotate-key", "--store", str(cli_store), "--yes"], capsys)
    assert result.code == 1
    assert "did not unlock" in result.error_line
