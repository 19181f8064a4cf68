from __future__ import annotations

import sys
from pathlib import Path

import pytest

from facilitator_app import resource_files


def test_resources_are_found_from_a_checkout() -> None:
    icon = resource_files.resource_path("icons", "app.svg")
    assert icon.is_file()
    assert icon.read_text("utf-8").startswith("<svg")


def test_a_frozen_build_looks_beside_the_unpacked_code(monkeypatch, tmp_path: Path) -> None:
    (tmp_path / "resources" / "icons").mkdir(parents=True)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert resource_files.resources_root() == tmp_path / "resources"


def test_missing_resources_say_so(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setattr(resource_files, "_PACKAGE_ROOT", tmp_path / "pkg")
    monkeypatch.setattr(sys, "prefix", str(tmp_path))
    with pytest.raises(FileNotFoundError, match="reinstall"):
        resource_files.resources_root()
