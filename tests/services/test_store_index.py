"""The list of stores on a shared computer: names, hidden names, an old single store, a
damaged or stale list, and names refused with nothing changed."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from facilitator_app.domain.errors import ValidationError
from facilitator_app.services import store_folder
from facilitator_app.services.store_index import UNREADABLE, StoreIndex, StoreListUnsaved
from tests.conftest import TemplateStore

CANARY = "Okapi-canary-5512"


@pytest.fixture
def data_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The per-user data folder, in this test's own temporary folder."""
    folder = tmp_path / "data"
    monkeypatch.setattr(store_folder, "user_data_folder", lambda: folder)
    return folder


@pytest.fixture
def index(data_folder: Path) -> StoreIndex:
    return StoreIndex.for_this_user()


def put_store(template_store: TemplateStore, folder: Path) -> Path:
    shutil.copytree(template_store.folder, folder)
    return folder


def labels(index: StoreIndex) -> list[str]:
    return [s.label for s in index.read().stores]


def test_two_stores_are_listed_by_the_names_chosen(
    index: StoreIndex, template_store: TemplateStore
) -> None:
    first = index.new_store_folder()
    assert first == store_folder.default_store_folder()  # the first keeps the usual folder
    put_store(template_store, first)
    index.add(first, "Sam's groups", hidden=False)
    second = index.new_store_folder()
    assert second.parent == index.data_folder / "stores"
    assert second != first
    put_store(template_store, second)
    listed = index.add(second, "  Jo  ", hidden=False)

    assert [(s.folder, s.label, s.found) for s in listed.stores] == [
        (first, "Sam's groups", True),
        (second, "Jo", True),
    ]
    assert listed.problem is None
    assert index.path.stat().st_mode & 0o777 == 0o600


def test_a_hidden_name_is_shown_as_a_neutral_label_and_not_kept(
    index: StoreIndex, template_store: TemplateStore
) -> None:
    one = put_store(template_store, index.data_folder / "stores" / "a1")
    index.add(one, "Typed but hidden", hidden=True)
    assert labels(index) == ["A store (name hidden)"]
    two = put_store(template_store, index.data_folder / "stores" / "b2")
    index.add(two, "", hidden=True)
    # Two hidden stores are still told apart.
    assert labels(index) == ["Store 1 (name hidden)", "Store 2 (name hidden)"]
    assert "Typed but hidden" not in index.path.read_text("utf-8")


def test_an_older_single_store_is_found_without_a_list(
    index: StoreIndex, template_store: TemplateStore
) -> None:
    put_store(template_store, store_folder.default_store_folder())
    listed = index.read()
    assert [(s.folder, s.label) for s in listed.stores] == [
        (store_folder.default_store_folder(), "A store (name hidden)")
    ]
    assert listed.problem is None
    assert not index.path.exists()  # reading writes nothing
    # The next store goes beside it, and the first stays on the list.
    second = index.new_store_folder()
    put_store(template_store, second)
    index.add(second, "Jo", hidden=False)
    assert labels(index) == ["A store (name hidden)", "Jo"]


def test_a_damaged_list_gets_a_calm_message_and_the_stores_are_still_found(
    index: StoreIndex, template_store: TemplateStore
) -> None:
    put_store(template_store, store_folder.default_store_folder())
    later = put_store(template_store, index.data_folder / "stores" / "c3")
    index.add(later, "Jo", hidden=False)
    index.path.write_bytes(b'{"stores": [{"folder": 12')  # cut off half-way
    listed = index.read()
    assert listed.problem == UNREADABLE
    assert [s.folder for s in listed.stores] == [store_folder.default_store_folder(), later]
    assert all(s.name is None for s in listed.stores)
    # Naming a store writes a good list again.
    index.rename(later, "Jo")
    assert index.read().problem is None
    assert labels(index) == ["A store (name hidden)", "Jo"]


@pytest.mark.parametrize(
    "content", [b"\xff\xfe", b"[]", b'{"stores": {}}', b'{"stores": [{"name": "x"}]}']
)
def test_every_kind_of_damage_is_the_same_calm_message(
    index: StoreIndex, template_store: TemplateStore, content: bytes
) -> None:
    put_store(template_store, store_folder.default_store_folder())
    index.data_folder.mkdir(parents=True, exist_ok=True)
    index.path.write_bytes(content)
    listed = index.read()
    assert listed.problem == UNREADABLE
    assert [s.folder for s in listed.stores] == [store_folder.default_store_folder()]


def test_a_listed_store_that_was_removed_shows_as_not_found_and_can_be_taken_off(
    index: StoreIndex, template_store: TemplateStore
) -> None:
    one = put_store(template_store, index.data_folder / "stores" / "a1")
    two = put_store(template_store, index.data_folder / "stores" / "b2")
    index.add(one, "Sam", hidden=False)
    index.add(two, "Jo", hidden=False)
    shutil.rmtree(two)
    assert [(s.label, s.found) for s in index.read().stores] == [("Sam", True), ("Jo", False)]
    assert [s.label for s in index.remove(two).stores] == ["Sam"]


def test_rename_hide_and_remove_from_the_list(
    index: StoreIndex, template_store: TemplateStore
) -> None:
    one = put_store(template_store, index.data_folder / "stores" / "a1")
    two = put_store(template_store, index.data_folder / "stores" / "b2")
    index.add(one, "Sam", hidden=False)
    index.add(two, "Jo", hidden=False)

    assert [s.label for s in index.rename(one, "Sam's groups").stores] == ["Sam's groups", "Jo"]
    assert next(s.label for s in index.rename(one, "sam's GROUPS").stores) == "sam's GROUPS"
    listed = index.hide_name(two)
    assert [s.label for s in listed.stores] == ["sam's GROUPS", "A store (name hidden)"]
    assert '"Jo"' not in index.path.read_text("utf-8")
    assert [s.label for s in index.rename(two, "Jo again").stores][1] == "Jo again"

    listed = index.remove(one)
    assert [s.label for s in listed.stores] == ["Jo again"]
    assert (one / "keys.json").exists()  # only the list changed: the store is still there
    with pytest.raises(ValidationError, match="no longer on the list"):
        index.remove(one)
    with pytest.raises(ValidationError, match="no longer on the list"):
        index.rename(one, "Back again")


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "can't be empty"),
        ("   ", "can't be empty"),
        ("x" * 41, "at most 40 characters"),
        ("Sam\ngroups", "line breaks"),
        ("Sam\x07", "control characters"),
        ("SAM'S GROUPS", "already called “Sam's groups”"),
    ],
)
def test_bad_names_are_refused_and_nothing_changes(
    index: StoreIndex, template_store: TemplateStore, typed: str, message: str
) -> None:
    one = put_store(template_store, index.data_folder / "stores" / "a1")
    two = put_store(template_store, index.data_folder / "stores" / "b2")
    index.add(one, "Sam's groups", hidden=False)
    index.add(two, "Jo", hidden=False)
    before = index.path.read_bytes()
    with pytest.raises(ValidationError, match=message):
        index.rename(two, typed)
    with pytest.raises(ValidationError, match=message):
        index.check_new(typed, hidden=False)
    three = put_store(template_store, index.data_folder / "stores" / "c3")
    with pytest.raises(ValidationError, match=message):
        index.add(three, typed, hidden=False)
    assert index.path.read_bytes() == before


def test_forty_characters_is_enough(index: StoreIndex, template_store: TemplateStore) -> None:
    one = put_store(template_store, index.data_folder / "stores" / "a1")
    index.add(one, "y" * 40, hidden=False)
    assert labels(index) == ["y" * 40]


def test_a_hidden_store_needs_no_name_and_hidden_names_never_clash(
    index: StoreIndex, template_store: TemplateStore
) -> None:
    assert index.check_new("", hidden=True) is None
    assert index.check_new("\x07 anything", hidden=True) is None


def test_the_list_holds_folders_and_names_only(
    index: StoreIndex, template_store: TemplateStore
) -> None:
    """Canary: nothing from inside a store, and no passphrase, reaches the plain file."""
    one = put_store(template_store, index.data_folder / "stores" / "a1")
    index.add(one, "Sam", hidden=False)
    index.learn_app_name("Group planner")
    document = json.loads(index.path.read_text("utf-8"))
    assert document == {
        "version": 1,
        "stores": [{"folder": str(one), "name": "Sam"}],
        "app_name": "Group planner",
    }


def test_the_learned_app_name_is_kept_until_turned_off(index: StoreIndex) -> None:
    assert index.read().app_name is None
    index.learn_app_name("Group planner")
    assert index.read().app_name == "Group planner"
    index.learn_app_name(None)
    assert index.read().app_name is None
    assert "Group planner" not in index.path.read_text("utf-8")


def test_a_hand_edited_bad_app_name_is_ignored(index: StoreIndex) -> None:
    index.data_folder.mkdir(parents=True)
    index.path.write_text(json.dumps({"stores": [], "app_name": "a\nb"}), "utf-8")
    listed = index.read()
    assert listed.app_name is None
    assert listed.problem is None


def test_a_list_that_cannot_be_saved_says_so_and_changes_nothing(
    index: StoreIndex, template_store: TemplateStore
) -> None:
    one = put_store(template_store, index.data_folder / "stores" / "a1")
    index.add(one, "Sam", hidden=False)
    before = index.path.read_bytes()
    index.path.with_name(index.path.name + ".partial").mkdir()  # the write cannot happen
    with pytest.raises(StoreListUnsaved, match="could not be saved"):
        index.rename(one, "Jo")
    assert index.path.read_bytes() == before


def test_no_store_content_reaches_the_list(index: StoreIndex) -> None:
    """Canary: a store's organisation, owner and passphrase never reach the plain file."""
    from facilitator_app.services import app_name
    from tests.factories import PASSPHRASE, make_store

    folder = index.new_store_folder()
    made = make_store(folder, organisation=f"Riverside {CANARY}", your_name=f"Morgan {CANARY}")
    try:
        app_name.save_app_name(made, "Group planner")
        index.learn_app_name(app_name.app_name(made))
    finally:
        made.close()
    index.add(folder, "Sam", hidden=False)
    text = index.path.read_text("utf-8")
    for secret in (CANARY, PASSPHRASE, "Riverside", "Morgan", "coordinator"):
        assert secret not in text
    assert "Group planner" in text
    assert "Sam" in text
