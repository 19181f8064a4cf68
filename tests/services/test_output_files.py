"""Writing a PDF out: all or nothing, and a plain reason when it cannot be done."""

from __future__ import annotations

import errno
import os
from pathlib import Path
from typing import Any

import pytest

from facilitator_app.services import output_files
from facilitator_app.services.output_files import CannotWrite, write_pdf
from facilitator_app.store import files

PDF = b"%PDF-1.4 a small stand-in for a document\n%%EOF\n"


def _everything_in(folder: Path) -> list[str]:
    return sorted(str(path.relative_to(folder)) for path in folder.rglob("*"))


def test_writes_the_file(tmp_path: Path) -> None:
    path = write_pdf(tmp_path / "handout-grounding-toolkit.pdf", PDF)
    assert path == tmp_path / "handout-grounding-toolkit.pdf"
    assert path.read_bytes() == PDF
    assert _everything_in(tmp_path) == ["handout-grounding-toolkit.pdf"]


@pytest.mark.parametrize(
    ("given", "written"),
    [
        ("handout", "handout.pdf"),
        ("handout.PDF", "handout.PDF"),
        ("notes.txt", "notes.txt.pdf"),
        ("plan.2025-03-18", "plan.2025-03-18.pdf"),
    ],
)
def test_pdf_is_added_to_a_name_without_it(tmp_path: Path, given: str, written: str) -> None:
    assert write_pdf(tmp_path / given, PDF) == tmp_path / written
    assert _everything_in(tmp_path) == [written]


def test_an_existing_file_is_replaced_whole(tmp_path: Path) -> None:
    path = tmp_path / "handout.pdf"
    path.write_bytes(b"an older and much longer file than the new one" * 100)
    write_pdf(path, PDF)
    assert path.read_bytes() == PDF
    assert _everything_in(tmp_path) == ["handout.pdf"]


def _refused(path: Path) -> str:
    with pytest.raises(CannotWrite) as refused:
        write_pdf(path, PDF)
    message = refused.value.message
    assert "\n" not in message
    return message


def test_a_missing_folder(tmp_path: Path) -> None:
    message = _refused(tmp_path / "no such folder" / "handout.pdf")
    assert message == "Could not save handout.pdf: that folder does not exist."
    assert _everything_in(tmp_path) == []


@pytest.mark.parametrize("folder_name", ["handouts", "handouts.pdf"])
def test_a_folder_given_as_the_file(tmp_path: Path, folder_name: str) -> None:
    folder = tmp_path / folder_name
    folder.mkdir()
    message = _refused(folder)
    assert message == f"Could not save {folder_name}: that is a folder, not a file name."
    assert _everything_in(tmp_path) == [folder_name]  # no "handouts.pdf" beside it either


def test_a_read_only_folder_gets_all_or_nothing(tmp_path: Path) -> None:
    """Refused, or (where the user may write anyway, as root may) written whole."""
    folder = tmp_path / "read-only"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        if os.access(folder, os.W_OK):
            path = write_pdf(folder / "handout.pdf", PDF)
            assert path.read_bytes() == PDF
            assert _everything_in(folder) == ["handout.pdf"]
        else:
            assert _refused(folder / "handout.pdf") == (
                "Could not save handout.pdf: you do not have permission to write there."
            )
            assert _everything_in(folder) == []
    finally:
        folder.chmod(0o700)


def _fail_on_partial(monkeypatch: pytest.MonkeyPatch, name: str, number: int) -> None:
    """Make `os.<name>` fail with `number` for the temporary file only."""
    real = getattr(os, name)

    def failing(*args: Any, **kwargs: Any) -> Any:
        if name == "write" or str(args[0]).endswith(".partial"):
            raise OSError(number, os.strerror(number))
        return real(*args, **kwargs)

    monkeypatch.setattr(files.os, name, failing)


@pytest.mark.parametrize(
    ("step", "number", "reason"),
    [
        ("open", errno.EACCES, "you do not have permission to write there"),
        ("open", errno.EPERM, "you do not have permission to write there"),
        ("open", errno.EROFS, "that drive is read-only"),
        ("write", errno.ENOSPC, "the disk is full"),
        ("replace", errno.ENOSPC, "the disk is full"),
        ("replace", errno.EIO, "the file could not be written"),
    ],
)
def test_a_failure_leaves_no_file_and_no_partial(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, step: str, number: int, reason: str
) -> None:
    _fail_on_partial(monkeypatch, step, number)
    message = _refused(tmp_path / "handout.pdf")
    monkeypatch.undo()
    assert message == f"Could not save handout.pdf: {reason}."
    assert _everything_in(tmp_path) == []


def test_a_failure_keeps_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "handout.pdf"
    path.write_bytes(b"the old handout")
    _fail_on_partial(monkeypatch, "replace", errno.ENOSPC)
    _refused(path)
    monkeypatch.undo()
    assert path.read_bytes() == b"the old handout"
    assert _everything_in(tmp_path) == ["handout.pdf"]


def test_a_failed_write_atomically_is_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full_disk(path: Path, data: bytes) -> None:
        path.with_name(path.name + ".partial").write_bytes(data[:3])
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(output_files, "write_atomically", full_disk)
    assert _refused(tmp_path / "x") == "Could not save x.pdf: the disk is full."
    assert _everything_in(tmp_path) == []
