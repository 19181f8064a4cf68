"""`check` verifies the audit log's chain: a broken one is a problem named by entry number."""

from __future__ import annotations

from pathlib import Path

import pytest

from facilitator_app.cli import PASSPHRASE_ENV
from facilitator_app.main import main
from facilitator_app.store.database import DB_NAME, connect
from facilitator_app.store.keys import KeyFile
from tests.factories import PASSPHRASE, files_in

INIT = ["init", "--role", "coordinator", "--org", "Riverside Peer Support", "--name", "Morgan"]


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    try:
        code = main(argv)
    except SystemExit as exit_:
        code = int(exit_.code or 0)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> Path:
    monkeypatch.setenv(PASSPHRASE_ENV, PASSPHRASE)
    folder = tmp_path / "store"
    assert run([*INIT, "--store", str(folder)], capsys)[0] == 0
    # Two more entries: each command that opens the store is written in the log.
    for _ in range(2):
        assert (
            run(["export-json", "--store", str(folder), "--out", str(tmp_path / "x.json")], capsys)[
                0
            ]
            == 0
        )
    return folder


def tamper(folder: Path, statement: str) -> None:
    conn = connect(folder / DB_NAME, KeyFile.load(folder).unlock_with_passphrase(PASSPHRASE))
    try:
        conn.execute(statement)
    finally:
        conn.close()


def test_check_passes_an_intact_log(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["check", "--store", str(folder)], capsys) == (0, "OK\n", "")


@pytest.mark.parametrize(
    ("statement", "reason"),
    [
        (
            "UPDATE audit_log SET count = 0 WHERE seq = 3",
            "Audit log entry 3 was changed after it was written.",
        ),
        ("DELETE FROM audit_log WHERE seq = 2", "Audit log entry 2 is missing: it was removed."),
        (
            "DELETE FROM audit_log WHERE seq >= 4",
            "The audit log ends early: entries from 4 on were removed.",
        ),
    ],
)
def test_check_reports_a_broken_chain_in_one_line_and_fails(
    folder: Path, capsys: pytest.CaptureFixture[str], statement: str, reason: str
) -> None:
    tamper(folder, statement)
    before = files_in(folder)

    code, out, err = run(["check", "--store", str(folder)], capsys)

    assert (code, out) == (1, "")
    assert err == f"facilitator-app: the store at {folder} is damaged: {reason}\n"
    assert files_in(folder) == before
