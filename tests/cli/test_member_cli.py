"""subject-access from the command line: two files, or one calm line and nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from facilitator_app.services.stores import unlock_store
from tests.cli.test_backup_cli import cli_store, stick  # noqa: F401 - fixtures
from tests.cli.test_cli import run
from tests.factories import PASSPHRASE, make_group, make_member


def a_member(folder: Path) -> str:
    store = unlock_store(folder, PASSPHRASE)
    try:
        return make_member(store, make_group(store).id, name="Kestrel").id
    finally:
        store.close()


def test_subject_access_writes_both_files(
    cli_store: Path,  # noqa: F811
    stick: Path,  # noqa: F811
    capsys: pytest.CaptureFixture[str],
) -> None:
    member_id = a_member(cli_store)

    result = run(
        ["subject-access", "--store", str(cli_store), "--member", member_id, "--out", str(stick)],
        capsys,
    )

    assert result.code == 0, result.err
    assert sorted(p.suffix for p in stick.iterdir()) == [".json", ".pdf"]
    assert "outside the encrypted store" in result.out


def test_an_unknown_member_is_one_line(
    cli_store: Path,  # noqa: F811
    stick: Path,  # noqa: F811
    capsys: pytest.CaptureFixture[str],
) -> None:
    result = run(
        ["subject-access", "--store", str(cli_store), "--member", "0" * 32, "--out", str(stick)],
        capsys,
    )

    assert result.code == 1
    assert result.error_line.endswith(": That member is not in this store.")
    assert list(stick.iterdir()) == []
