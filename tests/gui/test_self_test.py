"""`--self-test`: the checks a packaged copy runs, and what each says when it fails."""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

import pytest

from facilitator_app import product, resource_files
from facilitator_app.gui.self_test import run_self_test
from facilitator_app.product import neutral_product, product_json
from tests.factories import PASSPHRASE

CHECKS = ("window", "screens", "resources", "icon", "handout", "printing")


def self_test(folder: Path, passphrase: str | None = None) -> tuple[int, str]:
    out = io.StringIO()
    code = run_self_test(folder, out, passphrase, shown_for=0)
    return code, out.getvalue()


@pytest.fixture
def resources_copy(monkeypatch, tmp_path: Path) -> Path:
    """A copy of the resources that the app uses instead, to take parts away from."""
    copy = tmp_path / "resources"
    shutil.copytree(resource_files.resources_root(), copy)
    monkeypatch.setattr(resource_files, "resources_root", lambda: copy)
    return copy


def test_a_complete_copy_passes_every_check_and_writes_nothing(qtbot, tmp_path: Path) -> None:
    folder = tmp_path / "no store here"
    code, said = self_test(folder)
    assert code == 0, said
    for check in CHECKS:
        assert re.search(rf"^ok +{check}: ", said, re.MULTILINE), said
    assert "'Facilitator App' shown, WelcomePage painted" in said
    assert "skipped store" in said
    assert said.rstrip().endswith("self-test passed")
    assert list(tmp_path.iterdir()) == []


def test_a_store_and_its_passphrase_are_unlocked_toured_and_locked(
    qtbot, store_folder: Path
) -> None:
    code, said = self_test(store_folder, PASSPHRASE)
    assert code == 0, said
    assert "UnlockPage painted" in said
    assert re.search(r"^ok +store: unlocked, \d+ tabs shown, locked again$", said, re.MULTILINE)


def test_a_wrong_passphrase_fails_and_says_so(qtbot, store_folder: Path) -> None:
    code, said = self_test(store_folder, "not the passphrase")
    assert code == 1
    assert "FAILED  store: could not unlock: That passphrase did not unlock" in said
    assert said.rstrip().endswith("1 check(s) FAILED")


def test_missing_fonts_are_named(qtbot, tmp_path: Path, resources_copy: Path) -> None:
    shutil.rmtree(resources_copy / "fonts")
    code, said = self_test(tmp_path / "no store here")
    assert code == 1
    assert "FAILED  resources: missing fonts: DejaVuSans.ttf, DejaVuSans-Bold.ttf" in said


def test_missing_handouts_are_named(qtbot, tmp_path: Path, resources_copy: Path) -> None:
    for handout in (resources_copy / "handouts").glob("*.toml"):
        handout.unlink()
    code, said = self_test(tmp_path / "no store here")
    assert code == 1
    assert "FAILED  resources: no handouts found in" in said
    assert re.search(r"^FAILED  handout: ", said, re.MULTILINE)


def test_a_neutral_build_shows_its_own_name(qtbot, tmp_path: Path, resources_copy: Path) -> None:
    (resources_copy / product.PRODUCT_FILE).write_text(
        product_json(neutral_product("Group planner")), "utf-8"
    )
    code, said = self_test(tmp_path / "no store here")
    assert code == 0, said
    assert "ok      window: 'Group planner' shown" in said
