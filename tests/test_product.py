"""The name the app goes by: its own, or the neutral one a charity built it with."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest

from facilitator_app import logs, product, resource_files
from facilitator_app.product import (
    OWN_NAME,
    Product,
    current_product,
    file_name_for,
    neutral_product,
    parse_product,
    product_json,
)
from facilitator_app.services import store_folder


@pytest.fixture
def built_as(monkeypatch, tmp_path: Path):
    """Resources as a build with a product file has them."""

    def build(text: str) -> Path:
        root = tmp_path / "resources"
        root.mkdir(exist_ok=True)
        (root / product.PRODUCT_FILE).write_text(text, "utf-8")
        monkeypatch.setattr(resource_files, "resources_root", lambda: root)
        return root

    return build


def test_a_checkout_goes_by_the_apps_own_name() -> None:
    assert current_product() == OWN_NAME
    assert OWN_NAME.program == "facilitator-app"
    assert OWN_NAME.folder == "facilitator_app"  # where existing stores already live


def test_a_neutral_name_becomes_the_program_and_folder_names() -> None:
    chosen = neutral_product("  Group planner ")
    assert chosen == Product(name="Group planner", program="group-planner", folder="group-planner")


@pytest.mark.parametrize(
    ("name", "file_name"),
    [
        ("Group planner", "group-planner"),
        ("Rota & notes 2", "rota-notes-2"),
        ("Café Thursdays", "cafe-thursdays"),
    ],
)
def test_file_names_keep_only_safe_letters(name: str, file_name: str) -> None:
    assert file_name_for(name) == file_name


@pytest.mark.parametrize(
    ("name", "said"),
    [
        ("", "1 to 60"),
        ("   ", "1 to 60"),
        ("x" * 61, "1 to 60"),
        ("--", "letter A to Z or digit"),
        ("Планировщик", "letter A to Z or digit"),
        ("Group\nplanner", "one line"),
        ('Group "planner"', "must not contain"),
        ("Plans <b>", "must not contain"),
        ("Notes & co\\", "must not contain"),
        ("Plans/notes", "must not contain"),
        ("Plans: Thursdays", "must not contain"),
        ("Plans?", "must not contain"),
    ],
)
def test_an_unusable_name_is_refused_with_the_reason(name: str, said: str) -> None:
    with pytest.raises(ValueError, match=said):
        neutral_product(name)


def test_the_build_file_round_trips() -> None:
    chosen = neutral_product("Group planner")
    assert parse_product(product_json(chosen)) == chosen


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("not json", "not JSON"),
        ("[1, 2]", "must hold an object"),
        ('{"name": "Planner", "program": "Planner", "folder": "planner"}', "program name"),
        ('{"name": "Planner", "program": "planner", "folder": "../x"}', "folder name"),
        ('{"program": "planner", "folder": "planner"}', "1 to 60"),
    ],
)
def test_a_broken_build_file_is_refused(text: str, said: str) -> None:
    with pytest.raises(ValueError, match=said):
        parse_product(text)


def test_a_build_file_names_the_window_program_and_folders(
    built_as, monkeypatch, tmp_path: Path
) -> None:
    built_as(product_json(neutral_product("Group planner")))
    monkeypatch.setattr(
        "platformdirs.user_data_dir", lambda name, appauthor: str(tmp_path / "data" / name)
    )
    monkeypatch.setattr(
        "platformdirs.user_log_dir", lambda name, appauthor: str(tmp_path / "logs" / name)
    )
    assert current_product().name == "Group planner"
    assert store_folder.default_store_folder() == tmp_path / "data" / "group-planner" / "store"
    assert logs.log_folder() == tmp_path / "logs" / "group-planner"

    from facilitator_app.cli import build_parser

    assert build_parser().prog == "group-planner"


def test_the_log_file_is_named_for_the_build(built_as, tmp_path: Path) -> None:
    built_as(json.dumps({"name": "Group planner", "program": "gp", "folder": "gp"}))
    logger = logging.getLogger("facilitator_app")
    before = list(logger.handlers)
    logs.configure_logging(tmp_path / "logs")
    try:
        assert [path.name for path in (tmp_path / "logs").iterdir()] == ["gp.log"]
    finally:
        for handler in logger.handlers:
            handler.close()
        logger.handlers[:] = before
