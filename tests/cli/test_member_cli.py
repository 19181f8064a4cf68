"""subject-access from the command line: two files, or one calm line and nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from facilitator_app.domain.facilitators import Readiness
from facilitator_app.services import facilitators
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


def test_notes_about_facilitators_are_pointed_out(
    cli_store: Path,  # noqa: F811
    stick: Path,  # noqa: F811
    capsys: pytest.CaptureFixture[str],
) -> None:
    member_id = a_member(cli_store)
    store = unlock_store(cli_store, PASSPHRASE)
    try:
        (group_id,) = store.conn.execute("SELECT id FROM groups").fetchone()
        person = facilitators.add_facilitator(store, "Otter", approved_by="Morgan")
        facilitators.set_groups(store, person.person_id, [group_id])
        facilitators.save_readiness(store, person.person_id, Readiness(notes="Calm with Kestrel"))
    finally:
        store.close()

    result = run(
        ["subject-access", "--store", str(cli_store), "--member", member_id, "--out", str(stick)],
        capsys,
    )

    assert result.code == 0, result.err
    assert result.out.splitlines()[-1] == (
        "They include 1 note about a facilitator: read it and take out anything "
        "about the facilitator before sending."
    )
    assert "Otter" not in result.out
