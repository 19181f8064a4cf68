"""Careful file writing."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from facilitator_app.store.files import make_private_dir, write_atomically


def test_write_atomically_replaces_the_whole_file(tmp_path: Path) -> None:
    path = tmp_path / "data.json"
    path.write_bytes(b"old content that is longer")
    write_atomically(path, b"new")
    assert path.read_bytes() == b"new"
    assert os.listdir(tmp_path) == ["data.json"]


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_written_files_and_made_folders_are_private(tmp_path: Path) -> None:
    folder = tmp_path / "a" / "b"
    make_private_dir(folder)
    write_atomically(folder / "x", b"1")
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE((folder / "x").stat().st_mode) == 0o600


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_an_existing_open_folder_is_made_private(tmp_path: Path) -> None:
    folder = tmp_path / "open"
    folder.mkdir(mode=0o755)
    make_private_dir(folder)
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
