"""Several volunteers on one computer: the start screen lists their stores, each opens
to its own unlock page, locking goes back there, and another store can be added."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from facilitator_app.domain.unlock_attempts import UnlockAttempts
from facilitator_app.gui import confirm_dialog, store_list_page
from facilitator_app.gui.main_window import MainWindow
from facilitator_app.services import store_folder, wipe
from facilitator_app.services.store_index import UNREADABLE, StoreIndex
from facilitator_app.store.store import Store
from facilitator_app.store.unlock_record import write_attempts
from tests.conftest import TemplateStore
from tests.factories import FIXED_NOW, WRONG_PASSPHRASE
from tests.factories import PASSPHRASE as TEMPLATE_PASSPHRASE
from tests.gui.conftest import PASSPHRASE, lock_and_wait, show_tab, visible_texts


@pytest.fixture
def index(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> StoreIndex:
    """The per-user data folder, inside this test's own temporary folder."""
    folder = tmp_path / "data"
    monkeypatch.setattr(store_folder, "user_data_folder", lambda: folder)
    return StoreIndex.for_this_user()


@pytest.fixture
def list_window(qtbot, index: StoreIndex):  # type: ignore[no-untyped-def]
    windows: list[MainWindow] = []

    def make() -> MainWindow:
        window = MainWindow(stores=index)
        qtbot.addWidget(window)
        window.show()
        windows.append(window)
        return window

    yield make
    for window in windows:
        window.close()


def put_store(template_store: TemplateStore, index: StoreIndex, name: str | None) -> Path:
    folder = index.new_store_folder()
    shutil.copytree(template_store.folder, folder)
    index.add(folder, name or "", hidden=name is None)
    return folder


def unlock(qtbot, window: MainWindow, passphrase: str = TEMPLATE_PASSPHRASE) -> None:  # type: ignore[no-untyped-def]
    assert window.stack.currentWidget() is window.unlock_page
    window.unlock_page.passphrase.setText(passphrase)
    with qtbot.waitSignal(window.unlocked, timeout=15_000):
        window.unlock_page.unlock_button.click()


def shown_names(window: MainWindow) -> list[str]:
    assert window.list_page is not None
    return [row.name.text() for row in window.list_page.rows]


def test_two_stores_choose_one_unlock_lock_and_back_to_the_list(
    qtbot, list_window, index: StoreIndex, template_store: TemplateStore
) -> None:
    sams = put_store(template_store, index, "Sam's groups")
    hidden = put_store(template_store, index, None)
    window = list_window()
    assert window.stack.currentWidget() is window.list_page
    assert shown_names(window) == ["Sam's groups", "A store (name hidden)"]

    window.list_page.row_named("A store (name hidden)").open_button.click()
    assert window.stack.currentWidget() is window.unlock_page
    assert window.unlock_page.list_button.isVisible()
    unlock(qtbot, window)
    assert window.workspace is not None
    assert window.folder == hidden
    show_tab(qtbot, window, "Settings")

    lock_and_wait(qtbot, window)
    # Locking goes back to this store's own unlock page, with the way to the list.
    assert window.stack.currentWidget() is window.unlock_page
    window.unlock_page.list_button.click()
    assert window.stack.currentWidget() is window.list_page
    window.list_page.row_named("Sam's groups").open_button.click()
    assert window.unlock_page.store_name.text() == "Sam's groups"
    unlock(qtbot, window)
    assert window.folder == sams
    # Where the last person was stays with their store: this one opens at its start.
    assert window.workspace.tabs.currentIndex() == 0


def test_one_store_opens_straight_to_its_unlock_page_with_a_way_to_the_list(
    qtbot, list_window, index: StoreIndex, template_store: TemplateStore
) -> None:
    put_store(template_store, index, "Sam's groups")
    window = list_window()
    assert window.stack.currentWidget() is window.unlock_page
    assert window.unlock_page.store_name.text() == "Sam's groups"
    assert window.unlock_page.list_button.isVisible()
    window.unlock_page.list_button.click()
    assert shown_names(window) == ["Sam's groups"]


def test_an_older_single_store_still_opens_at_its_unlock_page(
    qtbot, list_window, index: StoreIndex, template_store: TemplateStore
) -> None:
    shutil.copytree(template_store.folder, store_folder.default_store_folder())
    window = list_window()
    assert window.stack.currentWidget() is window.unlock_page
    assert not window.unlock_page.store_name.isVisible()
    unlock(qtbot, window)


def test_add_another_store_from_the_list(
    qtbot, list_window, index: StoreIndex, template_store: TemplateStore
) -> None:
    put_store(template_store, index, "Sam's groups")
    put_store(template_store, index, "Jo")
    window = list_window()
    folders_before = sorted(index.data_folder.rglob("*"))
    window.list_page.add_button.click()
    assert window.stack.currentWidget() is window.welcome_page
    assert window.welcome_page.list_button.isVisible()
    window.welcome_page.create_button.click()
    page = window.create_page
    assert page.naming.name.isVisible()
    page.organisation.setText("Riverside")
    page.your_name.setText("Alex")
    page.passphrase.setText(PASSPHRASE)
    page.repeated.setText(PASSPHRASE)

    # A name another store has is refused before anything is made.
    page.naming.name.setText("JO")
    page.create_button.click()
    assert "already called “Jo”" in page.message.text()
    assert sorted(index.data_folder.rglob("*")) == folders_before  # nothing made
    assert len(index.read().stores) == 2

    page.naming.name.setText("Alex's groups")
    with qtbot.waitSignal(window.unlocked, timeout=15_000):
        page.create_button.click()
    listed = index.read().stores
    assert [s.label for s in listed] == ["Sam's groups", "Jo", "Alex's groups"]
    new_folder = listed[2].folder
    assert new_folder.parent == index.data_folder / "stores"
    assert window.folder == new_folder

    lock_and_wait(qtbot, window)
    assert window.stack.currentWidget() is window.unlock_page
    assert window.unlock_page.store_name.text() == "Alex's groups"
    unlock(qtbot, window, PASSPHRASE)


def test_a_first_store_with_no_name_shown(qtbot, list_window, index: StoreIndex) -> None:
    window = list_window()
    assert window.stack.currentWidget() is window.welcome_page
    assert not window.welcome_page.list_button.isVisible()  # nothing to go back to
    window.welcome_page.create_button.click()
    page = window.create_page
    page.organisation.setText("Riverside")
    page.your_name.setText("Alex")
    page.passphrase.setText(PASSPHRASE)
    page.repeated.setText(PASSPHRASE)
    page.naming.hidden.setChecked(True)
    assert not page.naming.name.isEnabled()
    with qtbot.waitSignal(window.unlocked, timeout=15_000):
        page.create_button.click()
    listed = index.read().stores
    assert [(s.folder, s.label) for s in listed] == [
        (store_folder.default_store_folder(), "A store (name hidden)")
    ]


@pytest.mark.parametrize(
    ("typed", "message"), [("", "can't be empty"), ("x" * 41, "at most 40"), ("a\tb", "control")]
)
def test_a_bad_name_at_creation_is_refused_and_makes_no_store(
    qtbot, list_window, index: StoreIndex, typed: str, message: str
) -> None:
    window = list_window()
    window.welcome_page.create_button.click()
    page = window.create_page
    page.organisation.setText("Riverside")
    page.your_name.setText("Alex")
    page.passphrase.setText(PASSPHRASE)
    page.repeated.setText(PASSPHRASE)
    page.naming.name.setText(typed)
    page.create_button.click()
    assert message in page.message.text()
    assert page.create_button.isEnabled()
    assert not store_folder.default_store_folder().exists()
    assert not index.path.exists()


def test_rename_hide_and_remove_from_the_list_on_screen(
    qtbot, list_window, index: StoreIndex, template_store: TemplateStore, monkeypatch
) -> None:
    sams = put_store(template_store, index, "Sam's groups")
    put_store(template_store, index, "Jo")
    window = list_window()
    page = window.list_page

    monkeypatch.setattr(store_list_page, "ask_store_name", lambda _parent, _current: "Jo")
    page.row_named("Sam's groups").rename_action.trigger()
    assert "already called “Jo”" in page.message.text()
    assert shown_names(window) == ["Sam's groups", "Jo"]

    monkeypatch.setattr(store_list_page, "ask_store_name", lambda _parent, _current: "Sam")
    page.row_named("Sam's groups").rename_action.trigger()
    assert shown_names(window) == ["Sam", "Jo"]
    assert not page.message.isVisible()

    page.row_named("Jo").hide_action.trigger()
    assert shown_names(window) == ["Sam", "A store (name hidden)"]

    asked: list[str] = []

    def answer(_parent, title: str, what: str, _action: str) -> bool:
        asked.append(what)
        return len(asked) > 1  # Cancel the first time

    monkeypatch.setattr(confirm_dialog, "confirm", answer)
    page.row_named("Sam").remove_action.trigger()
    assert shown_names(window) == ["Sam", "A store (name hidden)"]
    page.row_named("Sam").remove_action.trigger()
    assert shown_names(window) == ["A store (name hidden)"]
    assert "the store is not deleted" in asked[0]
    assert (sams / "keys.json").exists()

    # Listed again from its folder, without a name until one is given.
    monkeypatch.setattr(store_list_page, "ask_store_folder", lambda _parent: sams)
    page.find_button.click()
    assert shown_names(window) == ["Store 1 (name hidden)", "Store 2 (name hidden)"]
    monkeypatch.setattr(store_list_page, "ask_store_folder", lambda _parent: index.data_folder)
    page.find_button.click()
    assert page.message.text() == "That folder does not hold a store."


def test_a_store_that_is_gone_is_shown_as_not_found(
    qtbot, list_window, index: StoreIndex, template_store: TemplateStore, monkeypatch
) -> None:
    put_store(template_store, index, "Sam's groups")
    gone = put_store(template_store, index, "Jo")
    shutil.rmtree(gone)
    window = list_window()
    assert window.stack.currentWidget() is window.list_page
    row = window.list_page.row_named("Jo")
    assert row.open_button is None
    assert "Not found in its folder" in visible_texts(row)
    monkeypatch.setattr(confirm_dialog, "confirm", lambda *_args: True)
    row.remove_button.click()
    assert shown_names(window) == ["Sam's groups"]


def test_a_damaged_list_is_explained_calmly_and_the_stores_still_open(
    qtbot, list_window, index: StoreIndex, template_store: TemplateStore
) -> None:
    shutil.copytree(template_store.folder, store_folder.default_store_folder())
    index.data_folder.mkdir(parents=True, exist_ok=True)
    index.path.write_text("{not json", "utf-8")
    window = list_window()
    assert window.stack.currentWidget() is window.list_page
    assert window.list_page.message.text() == UNREADABLE
    window.list_page.rows[0].open_button.click()
    unlock(qtbot, window)


def test_the_neutral_name_titles_the_window_now_and_at_the_next_start(
    qtbot, list_window, index: StoreIndex
) -> None:
    window = list_window()
    assert window.windowTitle() == "Facilitator App"
    window.welcome_page.create_button.click()
    page = window.create_page
    page.organisation.setText("Riverside")
    page.your_name.setText("Alex")
    page.passphrase.setText(PASSPHRASE)
    page.repeated.setText(PASSPHRASE)
    page.naming.name.setText("Alex")
    with qtbot.waitSignal(window.unlocked, timeout=15_000):
        page.create_button.click()
    show_tab(qtbot, window, "Settings")
    box = window.workspace.settings_page.app_name
    qtbot.waitUntil(lambda: box.save_button.isEnabled())

    box.name.setText("Group/planner")
    with qtbot.waitSignal(window.runner.idle, timeout=10_000):
        box.save_button.click()
    assert "must not contain" in box.message.text()
    assert window.windowTitle() == "Facilitator App"

    box.name.setText("Group planner")
    with qtbot.waitSignal(box.name_changed, timeout=10_000):
        box.save_button.click()
    app = QApplication.instance()
    assert window.windowTitle() == "Group planner"
    assert app.applicationName() == "Group planner"
    assert app.applicationDisplayName() == "Group planner"
    assert index.read().app_name == "Group planner"
    lock_and_wait(qtbot, window)
    window.close()

    again = list_window()
    assert again.windowTitle() == "Group planner"
    assert app.applicationDisplayName() == "Group planner"
    again.unlock_page.list_button.click()
    again.list_page.add_button.click()
    welcome = " ".join(visible_texts(again))
    assert "peer support" not in welcome.lower()
    assert "Facilitator App" not in welcome

    # Turned off: the build's own name comes back.
    again.show_store_list()
    again.list_page.rows[0].open_button.click()
    unlock(qtbot, again, PASSPHRASE)
    show_tab(qtbot, again, "Settings")
    box = again.workspace.settings_page.app_name
    qtbot.waitUntil(lambda: box.name.text() == "Group planner")
    box.name.setText("")
    with qtbot.waitSignal(box.name_changed, timeout=10_000):
        box.save_button.click()
    assert again.windowTitle() == "Facilitator App"
    assert index.read().app_name is None


def test_a_laptop_takes_the_coordinators_name_through_sync(
    qtbot, list_window, index: StoreIndex, tmp_path: Path
) -> None:
    from facilitator_app.services import app_name
    from tests.factories import FakeClock
    from tests.gui.sync_windows import make_pair
    from tests.sync_setup import Laptop, carry

    def name_and_sync(coordinator, laptop: Laptop) -> None:  # type: ignore[no-untyped-def]
        app_name.save_app_name(coordinator, "Group planner")
        carry(coordinator, laptop.store, tmp_path, only=laptop.device_id)

    pair = make_pair(tmp_path / "org", FakeClock(), name_and_sync)
    index.add(pair.facilitator, "Sam", hidden=False)
    window = list_window()
    assert window.windowTitle() == "Facilitator App"  # nothing learned yet on this laptop
    unlock(qtbot, window)
    qtbot.waitUntil(lambda: window.windowTitle() == "Group planner")
    app = QApplication.instance()
    assert app.applicationName() == "Group planner"
    assert app.applicationDisplayName() == "Group planner"
    assert index.read().app_name == "Group planner"
    # The laptop shows the name but leaves choosing it to the coordinator.
    show_tab(qtbot, window, "Settings")
    box = window.workspace.settings_page.app_name
    qtbot.waitUntil(lambda: box.name.text() == "Group planner")
    assert box.name.isReadOnly()
    assert not box.save_button.isVisible()
    lock_and_wait(qtbot, window)
    window.close()

    # The next start is titled before anything is unlocked.
    again = list_window()
    assert again.windowTitle() == "Group planner"
    assert app.applicationDisplayName() == "Group planner"


def test_a_store_wiped_after_wrong_passphrases_leaves_the_list(
    qtbot, list_window, index: StoreIndex, template_store: TemplateStore
) -> None:
    put_store(template_store, index, "Sam's groups")
    jos = put_store(template_store, index, "Jo's groups")
    store = Store.open(jos, template_store.data_key)
    try:
        wipe.save_wipe_policy(store, 5)
    finally:
        store.close()
    write_attempts(jos, UnlockAttempts(4, FIXED_NOW - dt.timedelta(days=1)))
    window = list_window()
    window.list_page.row_named("Jo's groups").open_button.click()
    window.unlock_page.passphrase.setText(WRONG_PASSPHRASE)
    window.unlock_page.unlock_button.click()

    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.welcome_page)
    assert window.welcome_page.notice.text().startswith("This store was deleted after 5")
    assert not jos.exists()
    assert [listed.name for listed in index.read().stores] == ["Sam's groups"]
    # A store made from here goes into a new folder, and the way back to Sam's is there.
    assert window.folder != jos
    assert window.welcome_page.list_button.isVisible()
    window.welcome_page.list_button.click()
    assert shown_names(window) == ["Sam's groups"]
