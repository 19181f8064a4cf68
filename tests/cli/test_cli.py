"""Every command, and every error a person can cause, as the command line shows it."""

from __future__ import annotations

import io
import json
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from facilitator_app import __version__, cli
from facilitator_app.cli import PASSPHRASE_ENV, build_parser, commands, run_command
from facilitator_app.domain.unlock_attempts import UnlockAttempts
from facilitator_app.main import main
from facilitator_app.services import groups
from facilitator_app.services.stores import unlock_store
from facilitator_app.store.database import DB_NAME
from facilitator_app.store.keys import KEYS_NAME
from facilitator_app.store.store import StoreRole, utc_now
from facilitator_app.store.unlock_record import write_attempts
from tests.factories import PASSPHRASE, WRONG_PASSPHRASE, files_in

INIT = ["init", "--role", "coordinator", "--org", "Riverside Peer Support", "--name", "Morgan"]


@dataclass(frozen=True)
class Result:
    code: int
    out: str
    err: str

    @property
    def error_line(self) -> str:
        """The one line an error prints; fails if there is more or less than one."""
        lines = self.err.splitlines()
        assert len(lines) == 1, f"expected one line on stderr, got {self.err!r}"
        assert self.err.endswith("\n")
        return lines[0]


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> Result:
    try:
        code = main(argv)
    except SystemExit as exit_:
        code = int(exit_.code or 0)
    captured = capsys.readouterr()
    return Result(code, captured.out, captured.err)


@pytest.fixture
def passphrase(monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv(PASSPHRASE_ENV, PASSPHRASE)
    return PASSPHRASE


@pytest.fixture
def cli_store(tmp_path: Path, passphrase: str, capsys: pytest.CaptureFixture[str]) -> Path:
    folder = tmp_path / "store"
    assert run([*INIT, "--store", str(folder)], capsys).code == 0
    return folder


# --- version and help ----------------------------------------------------------------


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    result = run(["--version"], capsys)
    assert result.code == 0
    assert result.out == f"facilitator-app {__version__}\n"


def test_top_level_help(capsys: pytest.CaptureFixture[str]) -> None:
    result = run(["--help"], capsys)
    assert result.code == 0
    assert result.out.startswith("usage: facilitator-app")
    for word in ("init", "demo", "check", "--store", "--passphrase-file", PASSPHRASE_ENV):
        assert word in result.out
    assert result.err == ""


@pytest.mark.parametrize(
    ("command", "words"),
    [
        ("init", ["--role", "coordinator", "facilitator", "--org", "--name", "--join"]),
        ("demo", []),
        ("check", []),
    ],
)
def test_command_help(capsys: pytest.CaptureFixture[str], command: str, words: list[str]) -> None:
    result = run([command, "--help"], capsys)
    assert result.code == 0
    assert result.out.startswith(f"usage: facilitator-app {command}")
    for word in ["--store", "--passphrase-file", *words]:
        assert word in result.out


# --- init, demo, check -----------------------------------------------------------------


def test_init_creates_a_coordinator_store(
    tmp_path: Path, passphrase: str, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "store"
    result = run([*INIT, "--store", str(folder)], capsys)
    assert result.code == 0
    assert result.out == f"Created a coordinator store at {folder}.\n"
    assert result.err == ""
    store = unlock_store(folder, passphrase)
    try:
        assert store.facts.role is StoreRole.COORDINATOR
        assert store.facts.organisation == "Riverside Peer Support"
    finally:
        store.close()
    kdf = json.loads((folder / KEYS_NAME).read_text())["slots"][0]["kdf"]
    assert (kdf["time_cost"], kdf["memory_kib"]) == (3, 64 * 1024)


def test_store_option_works_before_the_command(
    tmp_path: Path, passphrase: str, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "store"
    assert run(["--store", str(folder), *INIT], capsys).code == 0
    assert run(["--store", str(folder), "check"], capsys).out == "OK\n"


def test_init_goes_to_the_default_folder_without_store(
    own_user_folders: Path, passphrase: str, capsys: pytest.CaptureFixture[str]
) -> None:
    result = run(INIT, capsys)
    assert result.code == 0
    expected = own_user_folders / "xdg_data_home" / "facilitator_app" / "store"
    if sys.platform.startswith("linux"):
        assert (expected / KEYS_NAME).is_file()


def test_demo_creates_a_filled_store(
    tmp_path: Path, passphrase: str, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "demo"
    result = run(["demo", "--store", str(folder)], capsys)
    assert result.code == 0
    assert result.out.splitlines() == [
        f"Created a demo store with fictional data at {folder}.",
        f"Open it with: facilitator-app --store {folder}",
    ]
    store = unlock_store(folder, passphrase)
    try:
        assert len(groups.list_groups(store)) == 4
        assert "demo" in store.facts.organisation
    finally:
        store.close()
    assert run(["check", "--store", str(folder)], capsys).out == "OK\n"


def test_check_a_sound_store(cli_store: Path, capsys: pytest.CaptureFixture[str]) -> None:
    result = run(["check", "--store", str(cli_store)], capsys)
    assert (result.code, result.out, result.err) == (0, "OK\n", "")


# --- errors: each is one line on stderr and exit 1 --------------------------------------


def test_wrong_passphrase(
    cli_store: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    before = files_in(cli_store)
    monkeypatch.setenv(PASSPHRASE_ENV, WRONG_PASSPHRASE)
    result = run(["check", "--store", str(cli_store)], capsys)
    assert result.code == 1
    assert result.out == ""
    assert result.error_line == (
        "facilitator-app: That passphrase did not unlock this store. Please try again."
    )
    after = files_in(cli_store)
    assert after[DB_NAME] == before[DB_NAME]
    assert after[KEYS_NAME] == before[KEYS_NAME]


def test_too_many_wrong_passphrases_make_you_wait(
    cli_store: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_attempts(cli_store, UnlockAttempts(failures=8, last_failure=utc_now()))  # 64 s
    result = run(["check", "--store", str(cli_store)], capsys)
    assert result.code == 1
    line = result.error_line
    assert line.startswith("facilitator-app: Please wait ")
    assert line.endswith(" seconds before trying again.")
    assert 55 <= int(line.split()[3]) <= 64


def test_missing_store(tmp_path: Path, passphrase: str, capsys: pytest.CaptureFixture[str]) -> None:
    result = run(["check", "--store", str(tmp_path / "nowhere")], capsys)
    assert result.code == 1
    assert result.error_line == (
        f"facilitator-app: There is no store at {tmp_path / 'nowhere'}. Create one first."
    )


def test_store_open_in_another_program(cli_store: Path, capsys: pytest.CaptureFixture[str]) -> None:
    elsewhere = unlock_store(cli_store, PASSPHRASE)
    try:
        result = run(["check", "--store", str(cli_store)], capsys)
    finally:
        elsewhere.close()
    assert result.code == 1
    assert result.error_line == (
        "facilitator-app: This store is already open in another window or program. "
        "Close it there first."
    )
    assert run(["check", "--store", str(cli_store)], capsys).code == 0


def test_folder_that_is_not_a_store(
    tmp_path: Path, passphrase: str, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "letter.txt").write_text("Dear…")
    result = run(["check", "--store", str(tmp_path)], capsys)
    assert result.code == 1
    assert result.error_line == (
        f"facilitator-app: {tmp_path} is not a facilitator_app store (no keys.json or store.db)."
    )


def test_init_over_an_existing_store(cli_store: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = files_in(cli_store)
    result = run([*INIT, "--store", str(cli_store)], capsys)
    assert result.code == 1
    assert result.error_line == f"facilitator-app: There is already a store at {cli_store}."
    assert files_in(cli_store) == before


def test_facilitator_role_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "store"
    argv = ["init", "--role", "facilitator", "--org", "Riverside", "--name", "Ash"]
    result = run([*argv, "--store", str(folder)], capsys)
    assert result.code == 1
    line = result.error_line
    assert line.startswith("facilitator-app: A facilitator's store is made by joining")
    assert "invitation file" in line
    assert "init --join FILE" in line
    assert not folder.exists()


def test_too_short_passphrase_on_init(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv(PASSPHRASE_ENV, "short")
    folder = tmp_path / "store"
    result = run([*INIT, "--store", str(folder)], capsys)
    assert result.code == 1
    assert result.error_line == "facilitator-app: The passphrase needs at least 10 characters."
    assert not folder.exists()


@pytest.mark.parametrize(
    ("option", "value", "words"),
    [
        ("--org", "  ", "The organisation's name can't be empty."),
        ("--name", "Mor\x07gan", "Your name can't contain line breaks"),
    ],
)
def test_bad_names_on_init(
    tmp_path: Path,
    passphrase: str,
    capsys: pytest.CaptureFixture[str],
    option: str,
    value: str,
    words: str,
) -> None:
    folder = tmp_path / "store"
    argv = [*INIT, "--store", str(folder)]
    argv[argv.index(option) + 1] = value
    result = run(argv, capsys)
    assert result.code == 1
    assert result.error_line.startswith(f"facilitator-app: {words}")
    assert not folder.exists()


def test_a_full_disk_is_one_line_and_leaves_nothing_half_made(
    tmp_path: Path,
    passphrase: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    def disk_full(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("facilitator_app.store.keys.write_atomically", disk_full)
    folder = tmp_path / "store"
    result = run([*INIT, "--store", str(folder)], capsys)
    assert result.code == 1
    assert result.error_line == "facilitator-app: No space left on device."
    monkeypatch.undo()
    monkeypatch.setenv(PASSPHRASE_ENV, passphrase)
    assert run([*INIT, "--store", str(folder)], capsys).code == 0


def test_interrupted(
    cli_store: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def interrupted(*args: object, **kwargs: object) -> list[str]:
        raise KeyboardInterrupt

    monkeypatch.setattr(commands, "check_store", interrupted)
    result = run(["check", "--store", str(cli_store)], capsys)
    assert result.code == 130
    assert result.error_line == "facilitator-app: stopped."


@pytest.mark.parametrize("offset", [4096 + 2000, 2 * 4096 + 100, -1, -5000])
def test_a_damaged_store_is_reported_without_a_traceback(
    store_folder: Path, passphrase: str, capfd: pytest.CaptureFixture[str], offset: int
) -> None:
    # capfd, not capsys: SQLCipher writes to the file descriptor, below Python.
    db = store_folder / DB_NAME
    data = bytearray(db.read_bytes())
    data[offset] ^= 0x01
    db.write_bytes(bytes(data))
    result = run(["check", "--store", str(store_folder)], capfd)
    assert result.code == 1
    assert result.out == ""
    assert "Traceback" not in result.err
    assert len(result.err.splitlines()) == 1
    assert result.err.startswith("facilitator-app: ")
    assert "damaged" in result.error_line


# --- where the passphrase comes from -----------------------------------------------------


def test_passphrase_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text(f"{PASSPHRASE}\nanything on later lines is ignored\n")
    folder = tmp_path / "store"
    assert run([*INIT, "--store", str(folder), "--passphrase-file", str(secret)], capsys).code == 0
    unlock_store(folder, PASSPHRASE).close()
    result = run(["--passphrase-file", str(secret), "check", "--store", str(folder)], capsys)
    assert (result.code, result.out) == (0, "OK\n")


def test_passphrase_file_with_windows_line_ending(
    cli_store: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv(PASSPHRASE_ENV)
    secret = tmp_path / "secret.txt"
    secret.write_bytes(f"{PASSPHRASE}\r\n".encode())
    result = run(["check", "--store", str(cli_store), "--passphrase-file", str(secret)], capsys)
    assert (result.code, result.out) == (0, "OK\n")


def test_missing_passphrase_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "no-such-file.txt"
    folder = tmp_path / "store"
    result = run([*INIT, "--store", str(folder), "--passphrase-file", str(missing)], capsys)
    assert result.code == 1
    assert result.error_line == f"facilitator-app: Could not read the passphrase file {missing}."
    assert not folder.exists()


def test_empty_passphrase_file_on_init(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    result = run([*INIT, "--store", str(tmp_path / "s"), "--passphrase-file", str(empty)], capsys)
    assert result.code == 1
    assert result.error_line == "facilitator-app: The passphrase needs at least 10 characters."


def test_the_environment_wins_over_the_file(
    cli_store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    wrong = tmp_path / "wrong.txt"
    wrong.write_text(WRONG_PASSPHRASE)
    result = run(["check", "--store", str(cli_store), "--passphrase-file", str(wrong)], capsys)
    assert (result.code, result.out) == (0, "OK\n")


@pytest.mark.parametrize("command", [INIT, ["demo"], ["check"]])
def test_no_passphrase_and_no_terminal(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    command: list[str],
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    folder = tmp_path / "store"
    result = run([*command, "--store", str(folder)], capsys)
    assert result.code == 1
    assert result.error_line == (
        f"facilitator-app: No passphrase given: set {PASSPHRASE_ENV}, use --passphrase-file, "
        "or run this in a terminal."
    )
    assert not folder.exists()


def test_prompted_passphrase_in_a_terminal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    answers = iter([PASSPHRASE, PASSPHRASE])
    monkeypatch.setattr(cli.getpass, "getpass", lambda prompt: next(answers))
    folder = tmp_path / "store"
    args = build_parser().parse_args([*INIT, "--store", str(folder)])
    assert run_command(args, stdin=Terminal()) == 0
    unlock_store(folder, PASSPHRASE).close()


def test_prompted_passphrases_that_differ(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    answers = iter([PASSPHRASE, WRONG_PASSPHRASE])
    monkeypatch.setattr(cli.getpass, "getpass", lambda prompt: next(answers))
    folder = tmp_path / "store"
    args = build_parser().parse_args([*INIT, "--store", str(folder)])
    assert run_command(args, stdin=Terminal()) == 1
    err = capsys.readouterr().err
    assert err == "facilitator-app: The two passphrases are not the same.\n"
    assert not folder.exists()


# --- usage errors: argparse's exit 2 ------------------------------------------------------


@pytest.mark.parametrize(
    "argv",
    [
        ["bogus"],
        ["init"],
        ["init", "--role", "coordinator", "--org", "Riverside"],
        ["init", "--role", "boss", "--org", "Riverside", "--name", "Ash"],
        ["check", "--no-such-option"],
        ["check", "--store"],
    ],
    ids=["unknown command", "no options", "no name", "bad role", "unknown option", "no value"],
)
def test_bad_usage_exits_2(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    result = run(argv, capsys)
    assert result.code == 2
    assert result.out == ""
    lines = result.err.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("facilitator-app")
    assert "(see facilitator-app" in lines[0]
    assert lines[0].endswith(" --help)")


# --- logs ---------------------------------------------------------------------------------


def test_logs_hold_no_names_or_passphrases(
    tmp_path: Path,
    own_user_folders: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    canary = "CANARY-7f3a9"
    monkeypatch.setenv(PASSPHRASE_ENV, f"{canary} passphrase")
    folder = tmp_path / "store"
    init = ["init", "--role", "coordinator", "--org", f"{canary} org", "--name", f"{canary} me"]
    assert run([*init, "--store", str(folder)], capsys).code == 0

    def disk_full(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("facilitator_app.store.keys.write_atomically", disk_full)
    assert run([*init, "--store", str(tmp_path / "second")], capsys).code == 1
    logs = [path for path in own_user_folders.rglob("*") if path.is_file()]
    assert logs, "nothing was logged, so this test shows nothing"
    for path in logs:
        assert canary.encode() not in path.read_bytes(), path.name
